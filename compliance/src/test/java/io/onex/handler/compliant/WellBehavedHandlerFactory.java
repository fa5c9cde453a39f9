package io.onex.handler.compliant;

import io.onex.host.api.ConfigSchema;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.HandlerBinding;
import java.time.Duration;
import java.util.List;

/** A handler module's factory handle as the rules want it: public, final, a HandlerFactory. */
public final class WellBehavedHandlerFactory implements HandlerFactory {

    @Override
    public int spiVersion() {
        return HandlerFactory.SPI_VERSION;
    }

    @Override
    public String type() {
        return "well_behaved";
    }

    @Override
    public String version() {
        return "1.0";
    }

    @Override
    public String summary() {
        return "Echoes its payload";
    }

    @Override
    public List<HandlerDescription.Operation> operations() {
        return List.of(new HandlerDescription.Operation("well_behaved.echo", List.of(), List.of(), List.of("echo")));
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.empty();
    }

    @Override
    public Handler create(HandlerBinding binding, Secrets secrets) {
        return new WellBehavedHandler.Builder().timeout(binding.timeout().orElse(Duration.ofSeconds(2))).build();
    }
}
