package io.onex.wiring;

import io.onex.bus.kafka.KafkaEventBus;
import io.onex.handler.consul.ConsulHandler;
import io.onex.handler.db.DbHandler;
import io.onex.handler.http.HttpHandler;
import io.onex.handler.local.LocalHandler;
import io.onex.handler.vault.VaultHandler;
import io.onex.host.api.EventBus;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerType;
import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.BusKind;
import io.onex.host.api.contract.EventBusSpec;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.core.bus.InMemoryEventBus;
import io.onex.host.core.log.JsonLog;
import io.onex.host.core.runtime.HostObserver;
import io.onex.host.core.runtime.RuntimeHostProcess;
import io.onex.secrets.Environment;
import io.onex.secrets.SecretResolver;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The composition root: the one place that turns a contract into live handlers and a bus.
 *
 * <p>It holds one static table from handler type to factory and one from bus kind to factory.
 * There is no service loading, no reflection and no classpath scanning: what a build can run is
 * what these tables name, and each handler module exports its implementation to this module only.
 */
public final class Wiring {

    /** How the host is started. */
    public enum Mode {
        /** {@code onex-host run}: production; the local handler is refused. */
        RUN,
        /** {@code onex-host dev}: development; the local handler is allowed. */
        DEV
    }

    /** Builds a handler from its binding and a lookup for the secrets its config references. */
    @FunctionalInterface
    interface HandlerFactory {
        Handler create(HandlerBinding binding, Secrets secrets);
    }

    private static final Map<HandlerType, HandlerFactory> HANDLERS = new EnumMap<>(Map.of(
            HandlerType.LOCAL, (binding, secrets) -> LocalHandler.create(binding),
            HandlerType.HTTP, HttpHandler::create,
            HandlerType.DB, DbHandler::create,
            HandlerType.VAULT, VaultHandler::create,
            HandlerType.CONSUL, ConsulHandler::create));

    /**
     * Builds a bus from its contract section, a lookup for the secrets its settings reference and
     * the host's log.
     */
    @FunctionalInterface
    interface BusFactory {
        EventBus create(EventBusSpec spec, Secrets secrets, JsonLog log);
    }

    /** How long a publisher waits for room in a full in-memory topic before the publish fails. */
    private static final java.time.Duration IN_MEMORY_PUBLISH_WAIT = java.time.Duration.ofSeconds(30);

    private static final Map<BusKind, BusFactory> BUSES = new EnumMap<>(Map.of(
            // Each topic queues at most max_inflight_envelopes messages: with that many in flight and
            // that many waiting, a publisher (the stdio reader, the ingress, a response) waits for
            // room, so memory stays bounded however fast input arrives or however slowly it is read.
            BusKind.INMEMORY, (spec, secrets, log) -> InMemoryEventBus.create(
                    spec.backpressure().maxInflightEnvelopes(), IN_MEMORY_PUBLISH_WAIT),
            BusKind.KAFKA, KafkaEventBus::create));

    private Wiring() {
    }

    /** Returns the handler types this build can run. */
    public static Set<HandlerType> handlerTypes() {
        return HANDLERS.keySet();
    }

    /** Returns the bus kinds this build can run. */
    public static Set<BusKind> busKinds() {
        return BUSES.keySet();
    }

    /**
     * Checks that this build can run {@code contract} in {@code mode}: every enabled binding's
     * type and the bus kind are wired, and the production mode binds no local handler.
     *
     * @throws ProtocolConfigurationException naming every binding that cannot be built
     */
    public static void check(RuntimeContract contract, Mode mode) {
        List<String> problems = new ArrayList<>();
        if (!BUSES.containsKey(contract.eventBus().kind())) {
            problems.add("event bus kind '" + contract.eventBus().kind().wireName()
                    + "' is not available in this build (available: " + names(BUSES.keySet()) + ")");
        }
        for (HandlerBinding binding : contract.handlers()) {
            if (!binding.enabled()) {
                continue;
            }
            if (mode == Mode.RUN && binding.type() == HandlerType.LOCAL) {
                problems.add("binding '" + binding.name() + "' uses the local handler, which is for development"
                        + " and tests only; `onex-host run` refuses it. Use `onex-host dev` to develop with it,"
                        + " or remove the binding (or set enabled: false) for production");
            } else if (!HANDLERS.containsKey(binding.type())) {
                problems.add("binding '" + binding.name() + "' has handler type '" + binding.type().wireName()
                        + "', which is not available in this build (available: " + names(HANDLERS.keySet()) + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new ProtocolConfigurationException(contract.source() + ": " + String.join("; ", problems));
        }
    }

    /**
     * Builds the bus and every enabled binding's handler of {@code contract} into a host that is
     * ready to start.
     *
     * @throws ProtocolConfigurationException when the build cannot run the contract in this mode
     */
    public static RuntimeHostProcess assemble(RuntimeContract contract, Mode mode, JsonLog log) {
        return assemble(contract, mode, log, HostObserver.NONE);
    }

    /**
     * Builds the host like {@link #assemble(RuntimeContract, Mode, JsonLog)}, recording the
     * outcome of every envelope in {@code observer}; secrets and environment variables come from
     * this process's environment.
     */
    public static RuntimeHostProcess assemble(RuntimeContract contract, Mode mode, JsonLog log,
            HostObserver observer) {
        return assemble(contract, mode, log, observer, Environment.system());
    }

    /**
     * Builds the host like {@link #assemble(RuntimeContract, Mode, JsonLog, HostObserver)}, with
     * one {@link SecretResolver} built from the contract's {@code runtime.secrets} that reads
     * environment variables from {@code environment}. Every handler and the bus resolve their
     * secret references through it; the host closes it when it stops.
     *
     * @throws io.onex.host.api.OnexException when the build cannot run the contract or a secret
     *                                        cannot be resolved (SECRET_RESOLUTION_ERROR, naming
     *                                        the reference and never a value)
     */
    public static RuntimeHostProcess assemble(RuntimeContract contract, Mode mode, JsonLog log,
            HostObserver observer, Environment environment) {
        check(contract, mode);
        SecretResolver secrets = SecretSources.resolver(contract.secrets(), environment);
        try {
            RuntimeHostProcess.Builder host = builder(contract, log, secrets, observer);
            return host.report("secrets", secrets::report).closeOnStop(secrets).build();
        } catch (RuntimeException e) {
            secrets.close();
            throw e;
        }
    }

    /**
     * Builds the host like {@link #assemble(RuntimeContract, Mode, JsonLog)}, resolving secret
     * references with {@code secrets}.
     *
     * @throws io.onex.host.api.OnexException when the build cannot run the contract or a secret
     *                                        cannot be resolved
     */
    static RuntimeHostProcess assemble(RuntimeContract contract, Mode mode, JsonLog log, Secrets secrets) {
        check(contract, mode);
        return builder(contract, log, secrets, HostObserver.NONE).build();
    }

    private static RuntimeHostProcess.Builder builder(RuntimeContract contract, JsonLog log, Secrets secrets,
            HostObserver observer) {
        EventBus bus = BUSES.get(contract.eventBus().kind()).create(contract.eventBus(), secrets, log);
        RuntimeHostProcess.Builder host = RuntimeHostProcess.builder(contract, bus).log(log).observer(observer);
        for (HandlerBinding binding : contract.handlers()) {
            if (binding.enabled()) {
                host.handler(binding, HANDLERS.get(binding.type()).create(binding, secrets));
            }
        }
        return host;
    }

    private static String names(Set<? extends Enum<?>> values) {
        return String.join(", ", values.stream().map(v -> v.name().toLowerCase(java.util.Locale.ROOT)).toList());
    }
}
