package io.onex.host.api.contract;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded and validated runtime host contract: which bus, which handler bindings, which nodes.
 *
 * @param source        the contract file
 * @param schemaVersion the contract schema version, e.g. {@code 1.0.0}
 * @param name          the runtime host's name
 * @param version       the runtime host's version
 * @param environment   where the host runs
 * @param eventBus      the event bus
 * @param handlers      the handler bindings, unique by name, in contract order
 * @param nodes         the hosted nodes, unique by slug, in contract order
 * @param health        the health server
 * @param shutdown      the shutdown behaviour
 * @param secrets       where secret references are resolved
 * @param logging       what the host logs about failed envelopes, and how often
 * @param tracing       where spans are exported over OTLP; empty: no spans are recorded
 */
public record RuntimeContract(
        Path source,
        String schemaVersion,
        String name,
        String version,
        Environment environment,
        EventBusSpec eventBus,
        List<HandlerBinding> handlers,
        List<HostedNode> nodes,
        HealthSpec health,
        ShutdownSpec shutdown,
        SecretsSpec secrets,
        LoggingSpec logging,
        Optional<TracingSpec> tracing) {

    public RuntimeContract {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(schemaVersion, "schemaVersion");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(eventBus, "eventBus");
        handlers = List.copyOf(handlers);
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(shutdown, "shutdown");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(tracing, "tracing");
    }

    /** A contract without tracing. */
    public RuntimeContract(Path source, String schemaVersion, String name, String version, Environment environment,
            EventBusSpec eventBus, List<HandlerBinding> handlers, List<HostedNode> nodes, HealthSpec health,
            ShutdownSpec shutdown, SecretsSpec secrets, LoggingSpec logging) {
        this(source, schemaVersion, name, version, environment, eventBus, handlers, nodes, health, shutdown, secrets,
                logging, Optional.empty());
    }

    /** Returns a contract with {@linkplain LoggingSpec#defaults() default logging settings}. */
    public RuntimeContract(Path source, String schemaVersion, String name, String version, Environment environment,
            EventBusSpec eventBus, List<HandlerBinding> handlers, List<HostedNode> nodes, HealthSpec health,
            ShutdownSpec shutdown, SecretsSpec secrets) {
        this(source, schemaVersion, name, version, environment, eventBus, handlers, nodes, health, shutdown, secrets,
                LoggingSpec.defaults());
    }

    /** Returns a contract with {@linkplain SecretsSpec#defaults() default secret settings}. */
    public RuntimeContract(Path source, String schemaVersion, String name, String version, Environment environment,
            EventBusSpec eventBus, List<HandlerBinding> handlers, List<HostedNode> nodes, HealthSpec health,
            ShutdownSpec shutdown) {
        this(source, schemaVersion, name, version, environment, eventBus, handlers, nodes, health, shutdown,
                SecretsSpec.defaults());
    }

    /** Returns the binding with this name, if there is one. */
    public Optional<HandlerBinding> binding(String bindingName) {
        return handlers.stream().filter(b -> b.name().equals(bindingName)).findFirst();
    }
}
