package io.onex.handler.consul;

import io.onex.client.http.ClientLifecycle;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.InvalidOperationException;
import io.onex.host.api.Invocation;
import io.onex.host.api.OnexException;
import io.onex.host.api.Secrets;
import io.onex.host.api.ServiceUnavailableException;
import io.onex.host.api.contract.HandlerBinding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Consul handler: basic service discovery on Consul's HTTP API through the JDK's HTTP
 * client, one client per binding. {@code consul.register_service} and
 * {@code consul.deregister_service} act on the agent at the binding's {@code address};
 * {@code consul.get_service}, {@code consul.list_services} and {@code consul.health_check_service}
 * read the catalog and the health of the binding's {@code datacenter} (the agent's own when unset).
 *
 * <p>The ACL token, a secret reference, is resolved for each call and sent in
 * {@code X-Consul-Token}; when Consul refuses it, it is read again from its source once and the
 * call is tried once more. A node's {@code targets} are the service names it may use
 * ({@link ServiceTargets}). Every failure is mapped to a host error ({@link ConsulFailures});
 * no message, health report or description ever holds the token. docs/handlers/consul.md
 * describes every setting, payload and error.
 */
public final class ConsulHandler implements Handler {

    static final String VERSION = "1.0.0";

    private static final List<String> OPERATIONS = List.of("consul.register_service", "consul.deregister_service",
            "consul.get_service", "consul.list_services", "consul.health_check_service");

    private final ConsulSettings settings;
    private final Secrets secrets;
    // Each node's targets are parsed once: a node contract's list is fixed for the host's life.
    private final Map<List<String>, ServiceTargets> targets = new ConcurrentHashMap<>();
    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final ClientLifecycle client;
    private volatile ConsulOperations operations;
    private volatile ConsulClient consul;

    private ConsulHandler(ConsulSettings settings, Secrets secrets) {
        this.settings = settings;
        this.secrets = secrets;
        this.client = ClientLifecycle.of(settings.timeout());
    }

    /**
     * Builds the handler of a Consul binding. The token reference is resolved once now, so a
     * missing secret stops start-up; each call then reads it through {@code secrets} again (a
     * cached, rotating value). Nothing is sent until the first call.
     *
     * @param binding the binding: its {@code timeout_ms} and config (see docs/handlers/consul.md)
     * @param secrets resolves (and refreshes) the {@code token} reference
     * @throws io.onex.host.api.ProtocolConfigurationException if the config is invalid
     * @throws io.onex.host.api.SecretResolutionException      if the token cannot be resolved
     */
    public static ConsulHandler create(HandlerBinding binding, Secrets secrets) {
        java.util.Objects.requireNonNull(secrets, "secrets");
        ConsulSettings settings = ConsulSettings.from(binding);
        settings.token().ifPresent(secrets::apply);
        return new ConsulHandler(settings, secrets);
    }

    /**
     * Builds the binding's client ({@link ClientLifecycle}: the agent never redirects, and a token
     * must not travel). The JDK client runs its own selector thread, not the handler.
     */
    @Override
    public void initialize() {
        this.consul = new ConsulClient(client.start(), settings, secrets);
        this.operations = new ConsulOperations(consul, settings);
    }

    @Override
    public Map<String, Object> execute(Invocation invocation) {
        calls.increment();
        try {
            String operation = invocation.operation();
            ConsulOperations ready = operations;
            if (!OPERATIONS.contains(operation)) {
                throw new InvalidOperationException("the consul handler does not support '" + operation
                        + "'; it supports " + String.join(", ", OPERATIONS));
            }
            ClientLifecycle.State state = client.state();
            if (ready == null || state != ClientLifecycle.State.RUNNING) {
                throw new ServiceUnavailableException(operation + ": consul binding '" + settings.binding()
                        + "' is " + state.describe());
            }
            ServiceTargets allowed = targets.computeIfAbsent(invocation.targets(), ServiceTargets::of);
            Map<String, Object> payload = invocation.payload();
            String node = invocation.node();
            return switch (operation) {
                case "consul.register_service" -> ready.register(operation, payload, allowed, node);
                case "consul.deregister_service" -> ready.deregister(operation, payload, allowed, node);
                case "consul.get_service" -> ready.get(operation, payload, allowed, node);
                case "consul.list_services" -> ready.list(operation, payload, allowed);
                default -> ready.health(operation, payload, allowed, node);
            };
        } catch (OnexException e) {
            failures.increment();
            throw e;
        }
    }

    /** Asks the agent for its cluster's leader (see {@link ConsulCheck}); called by the host, off any call. */
    @Override
    public java.util.Optional<HandlerHealth> check() {
        return java.util.Optional.of(ConsulCheck.run(client.state() == ClientLifecycle.State.SHUT_DOWN ? null : consul));
    }

    /** Reports the settings and counters without any I/O; the token appears only as whether one is set. */
    @Override
    public HandlerHealth health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("binding", settings.binding());
        details.put("address", settings.shownAddress());
        settings.datacenter().ifPresent(dc -> details.put("datacenter", dc));
        details.put("acl_token", settings.token().isPresent() ? "configured" : "none");
        details.put("timeout_ms", settings.timeout().toMillis());
        details.put("calls", calls.sum());
        details.put("failures", failures.sum());
        if (client.state() != ClientLifecycle.State.RUNNING) {
            details.put("state", client.state().describe());
            return HandlerHealth.unhealthy(details);
        }
        return HandlerHealth.healthy(details);
    }

    /**
     * Closes the client. The host calls this after its drain, so no call is in flight unless the
     * drain gave up; those are aborted.
     */
    @Override
    public void shutdown() {
        client.shutdown();
    }

    @Override
    public String toString() {
        return "ConsulHandler[" + settings.binding() + "]";
    }
}
