package io.onex.handler.local;

import io.onex.host.api.ConfigSchema;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.HandlerBinding;
import java.util.List;

/**
 * The factory of the {@code local} handler, for development and tests only: it echoes,
 * transforms or fails on request and performs no I/O.
 */
public final class LocalHandlerFactory implements HandlerFactory {

    private static final List<HandlerDescription.Operation> OPERATIONS = List.of(
            new HandlerDescription.Operation("local.echo", List.of(), List.of("(any)"), List.of("(the payload)")),
            new HandlerDescription.Operation("local.transform", List.of(), List.of("(any)"),
                    List.of("(the payload with every string transformed by config.transform)")),
            new HandlerDescription.Operation("local.error", List.of(), List.of("code", "message"),
                    List.of("(none: always an error)")));

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .choice("transform", "uppercase", List.of("uppercase", "lowercase", "reverse"))
            .doc("what local.transform does to text")
            .build();

    /** Creates the factory. */
    public LocalHandlerFactory() {
    }

    @Override
    public int spiVersion() {
        return HandlerFactory.SPI_VERSION;
    }

    @Override
    public String type() {
        return "local";
    }

    @Override
    public String version() {
        return LocalHandler.VERSION;
    }

    @Override
    public String summary() {
        return "Echoes, transforms or fails on request, without I/O; for development and tests only";
    }

    @Override
    public List<HandlerDescription.Operation> operations() {
        return OPERATIONS;
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public boolean devOnly() {
        return true;
    }

    @Override
    public Handler create(HandlerBinding binding, Secrets secrets) {
        return LocalHandler.create(binding);
    }
}
