package io.onex.handler.consul;

import io.onex.host.api.ConfigChecks;
import io.onex.host.api.ConfigSchema;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.HandlerBinding;
import java.util.List;

/**
 * The factory of the {@code consul} handler: service registration and discovery on Consul's HTTP
 * API (docs/handlers/consul.md describes every setting).
 */
public final class ConsulHandlerFactory implements HandlerFactory {

    static final List<HandlerDescription.Operation> OPERATIONS = List.of(
            new HandlerDescription.Operation("consul.register_service", List.of("name"),
                    List.of("id", "address", "port", "tags", "meta", "check"), List.of("id", "registered")),
            new HandlerDescription.Operation("consul.deregister_service", List.of("id"), List.of(),
                    List.of("id", "deregistered")),
            new HandlerDescription.Operation("consul.get_service", List.of("name"), List.of(),
                    List.of("name", "instances")),
            new HandlerDescription.Operation("consul.list_services", List.of(), List.of(), List.of("services")),
            new HandlerDescription.Operation("consul.health_check_service", List.of("name"),
                    List.of("passing_only"), List.of("name", "instances", "passing", "total")));

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .requiredText("address", ConfigChecks.httpUrl("http://127.0.0.1:8500"))
            .doc("the Consul agent, e.g. http://127.0.0.1:8500")
            .secret("token")
            .doc("the ACL token, sent as X-Consul-Token, as a secret reference")
            .text("datacenter", null)
            .doc("sent as ?dc= on the reads; default: the agent's")
            .build();

    /** Creates the factory. */
    public ConsulHandlerFactory() {
    }

    @Override
    public int spiVersion() {
        return HandlerFactory.SPI_VERSION;
    }

    @Override
    public String type() {
        return "consul";
    }

    @Override
    public String version() {
        return ConsulHandler.VERSION;
    }

    @Override
    public String summary() {
        return "Registers, deregisters and discovers services on Consul's HTTP API";
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
    public Handler create(HandlerBinding binding, Secrets secrets) {
        return ConsulHandler.create(binding, secrets);
    }
}
