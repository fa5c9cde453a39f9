package io.onex.wiring.core.internal;

import io.onex.host.api.EventBus;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.BusKind;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.core.HandlerRegistry;
import io.onex.host.core.bus.InMemoryEventBus;
import io.onex.host.core.code.CodeNodeHandler;
import io.onex.host.core.log.JsonLog;
import io.onex.host.core.runtime.CodeNode;
import io.onex.host.core.runtime.CodeNodes;
import io.onex.host.api.HostObserver;
import io.onex.host.core.runtime.RuntimeHostProcess;
import io.onex.secrets.EnvironmentVariables;
import io.onex.secrets.SecretResolver;
import io.onex.tracing.OtlpTracing;
import io.onex.wiring.core.BusFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a contract into live handlers and a bus: the one place that calls
 * {@link HandlerFactory#create}.
 *
 * <p>The handlers it can build are the factories of the {@link HandlerRegistry} it is given and
 * the buses are the in-memory one and those it is given, all registered in code by a composition
 * ({@code io.onex.wiring.OnexHost}, the full host, or a distribution's composition module, through
 * {@link io.onex.wiring.core.HostComposition}). There is no service loading, no reflection and no
 * class-path scanning. This package is not exported: compositions reach it through
 * {@link io.onex.wiring.core.HostComposition} (the command line, and {@link io.onex.wiring.core.EmbeddedHost}
 * for a host started in process).
 */
public final class Wiring {

    /** How the host is started. */
    public enum Mode {
        /** {@code onex-host run}: production; development-only handlers are refused. */
        RUN,
        /** {@code onex-host dev}: development; development-only handlers are allowed. */
        DEV
    }

    /** How long a publisher waits for room in a full in-memory topic before the publish fails. */
    private static final Duration IN_MEMORY_PUBLISH_WAIT = Duration.ofSeconds(30);

    // Each topic queues at most max_inflight_envelopes messages: with that many in flight and
    // that many waiting, a publisher (the stdio reader, the ingress, a response) waits for
    // room, so memory stays bounded however fast input arrives or however slowly it is read.
    private static final BusFactory IN_MEMORY = (spec, secrets, log) -> InMemoryEventBus.create(
            spec.backpressure().maxInflightEnvelopes(), IN_MEMORY_PUBLISH_WAIT);

    private final HandlerRegistry handlers;
    private final Map<BusKind, BusFactory> buses;
    private final SecretSources secretSources;

    private Wiring(HandlerRegistry handlers, Map<BusKind, BusFactory> buses, SecretSources secretSources) {
        this.handlers = Objects.requireNonNull(handlers, "handlers");
        this.buses = Collections.unmodifiableMap(new EnumMap<>(buses));
        this.secretSources = Objects.requireNonNull(secretSources, "secretSources");
    }

    /**
     * Returns the wiring that builds the handler types of {@code handlers} on the in-memory bus,
     * with secrets from environment variables and files (a Vault source is refused until
     * {@link #withSecretSources} says it is linked).
     */
    public static Wiring of(HandlerRegistry handlers) {
        return new Wiring(handlers, Map.of(BusKind.INMEMORY, IN_MEMORY), SecretSources.withoutVault("in-process"));
    }

    /** Returns this wiring, also building buses of {@code kind} with {@code factory}. */
    public Wiring withBus(BusKind kind, BusFactory factory) {
        Map<BusKind, BusFactory> more = new EnumMap<>(buses);
        more.put(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(factory, "factory"));
        return new Wiring(handlers, more, secretSources);
    }

    /** Returns this wiring, building the hosts' secret resolvers with {@code sources}. */
    public Wiring withSecretSources(SecretSources sources) {
        return new Wiring(handlers, buses, sources);
    }

    /** Returns the handler types this wiring can build. */
    public HandlerRegistry handlers() {
        return handlers;
    }

    /** Returns the bus kinds this wiring can build. */
    public Set<BusKind> busKinds() {
        return buses.keySet();
    }

    /** Returns the secret sources this wiring builds resolvers from. */
    public SecretSources secretSources() {
        return secretSources;
    }

    /**
     * Checks that this wiring can run {@code contract} in {@code mode}: every enabled binding's
     * type is registered, the bus kind is wired, and the production mode binds no
     * development-only handler.
     *
     * @throws ProtocolConfigurationException naming every binding that cannot be built
     */
    public void check(RuntimeContract contract, Mode mode) {
        List<String> problems = new ArrayList<>();
        if (!buses.containsKey(contract.eventBus().kind())) {
            problems.add("event bus kind '" + contract.eventBus().kind().wireName()
                    + "' is not available in this build (available: " + String.join(", ", buses.keySet().stream()
                            .map(kind -> kind.name().toLowerCase(Locale.ROOT)).toList()) + ")");
        }
        for (HandlerBinding binding : contract.handlers()) {
            if (!binding.enabled()) {
                continue;
            }
            var factory = handlers.factory(binding.type());
            if (factory.isEmpty()) {
                problems.add("binding '" + binding.name() + "' has handler type '" + binding.type().wireName()
                        + "', which is not available in this build (available: " + handlers.typeList() + ")");
            } else if (mode == Mode.RUN && factory.get().devOnly()) {
                problems.add("binding '" + binding.name() + "' uses the " + binding.type() + " handler, which is for"
                        + " development and tests only; `onex-host run` refuses it. Use `onex-host dev` to develop"
                        + " with it, or remove the binding (or set enabled: false) for production");
            }
        }
        problems.addAll(CodeNodes.problems(contract, handlers));
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
    public RuntimeHostProcess assemble(RuntimeContract contract, Mode mode, JsonLog log) {
        return assemble(contract, mode, log, HostObserver.NONE);
    }

    /**
     * Builds the host like {@link #assemble(RuntimeContract, Mode, JsonLog)}, recording the
     * outcome of every envelope in {@code observer}; secrets and environment variables come from
     * this process's environment.
     */
    public RuntimeHostProcess assemble(RuntimeContract contract, Mode mode, JsonLog log, HostObserver observer) {
        return assemble(contract, mode, log, observer, EnvironmentVariables.system());
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
    public RuntimeHostProcess assemble(RuntimeContract contract, Mode mode, JsonLog log, HostObserver observer,
            EnvironmentVariables environment) {
        check(contract, mode);
        SecretResolver secrets = secretSources.resolver(contract.secrets(), environment);
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
    public RuntimeHostProcess assemble(RuntimeContract contract, Mode mode, JsonLog log, Secrets secrets) {
        return assemble(contract, mode, log, HostObserver.NONE, secrets);
    }

    /**
     * Builds the host like {@link #assemble(RuntimeContract, Mode, JsonLog, Secrets)}, recording
     * the outcome of every envelope in {@code observer}.
     *
     * @throws io.onex.host.api.OnexException when the build cannot run the contract or a secret
     *                                        cannot be resolved
     */
    public RuntimeHostProcess assemble(RuntimeContract contract, Mode mode, JsonLog log, HostObserver observer,
            Secrets secrets) {
        check(contract, mode);
        return builder(contract, log, secrets, observer).build();
    }

    private RuntimeHostProcess.Builder builder(RuntimeContract contract, JsonLog log, Secrets secrets,
            HostObserver observer) {
        EventBus bus = buses.get(contract.eventBus().kind()).create(contract.eventBus(), secrets, log);
        RuntimeHostProcess.Builder host = RuntimeHostProcess.builder(contract, bus, handlers).log(log)
                .observer(observer);
        for (HandlerBinding binding : contract.handlers()) {
            if (binding.enabled()) {
                HandlerFactory factory = handlers.factory(binding.type()).orElseThrow();
                Handler handler = factory.create(binding, secrets);
                if (handler == null) {
                    throw new ProtocolConfigurationException("the " + binding.type() + " handler factory ("
                            + factory.getClass().getName() + ") built no handler for binding '" + binding.name()
                            + "'; its create(...) must return a handler or throw an OnexException");
                }
                host.handler(binding, handler);
            }
        }
        for (CodeNode node : CodeNode.of(contract, handlers)) {
            host.codeNode(node, new CodeNodeHandler(node));
        }
        // Spans only when the contract asks for them: otherwise the host keeps its pass-through tracer.
        contract.tracing().ifPresent(spec -> {
            OtlpTracing tracing = OtlpTracing.start(spec, contract.name(), log);
            host.tracer(tracing.tracer()).closeOnStop(tracing);
        });
        return host;
    }
}
