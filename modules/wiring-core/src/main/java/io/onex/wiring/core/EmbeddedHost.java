package io.onex.wiring.core;

import io.onex.contract.ContractLoader;
import io.onex.contract.HandlerConfigResolver;
import io.onex.contract.LoadOptions;
import io.onex.contract.LoadedContract;
import io.onex.contract.ValueResolver;
import io.onex.health.HandlersReport;
import io.onex.host.api.Envelope;
import io.onex.host.api.EventBus;
import io.onex.host.api.HostObserver;
import io.onex.host.api.Inbound;
import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.BusKind;
import io.onex.host.api.contract.ContractProblem;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.core.log.JsonLog;
import io.onex.host.core.runtime.RuntimeHostProcess;
import io.onex.host.core.status.HostStatus;
import io.onex.secrets.EnvironmentVariables;
import io.onex.wiring.core.internal.Wiring;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A host started in this process from a runtime contract file, as {@code onex-host run} (or
 * {@code dev}) starts one, without the command line, signals or health server: the embedding
 * behind {@code io.onex.wiring.OnexHost#start}. Its environment is the variables it is given: it
 * reads no environment variable of the process.
 *
 * <p>On the in-memory bus, {@link #publish} puts an envelope on the input topic and the listeners
 * of {@link #subscribe} receive every envelope of the output topic; with another bus, the
 * application uses that bus's topics ({@link #bus()}).
 */
public final class EmbeddedHost implements AutoCloseable {

    /**
     * How to start the host.
     *
     * @param dev      whether development-only handlers are allowed, as {@code onex-host dev}
     * @param log      where the host's JSON-lines log goes
     * @param level    the least level logged
     * @param observer what records the envelopes' outcomes and handler times
     * @param secrets  what resolves the contract's secret references, or null for the resolver
     *                 of its {@code runtime.secrets} (environment variables from the variables)
     */
    public record Options(boolean dev, PrintStream log, JsonLog.Level level, HostObserver observer, Secrets secrets) {
        public Options {
            Objects.requireNonNull(log, "log");
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(observer, "observer");
        }
    }

    private final RuntimeHostProcess host;
    private final HostStatus status;
    private final List<Consumer<Envelope>> listeners = new CopyOnWriteArrayList<>();

    private EmbeddedHost(RuntimeHostProcess host) {
        this.host = host;
        this.status = HostStatus.of(host);
    }

    /**
     * Loads {@code contract} with {@code variables}, assembles its host with what {@code wiring}
     * builds, and starts it.
     *
     * @throws io.onex.host.api.ContractValidationException with every problem of the contract
     * @throws io.onex.host.api.OnexException when the host cannot be built or started
     * @throws IllegalStateException          when another runtime host runs in this process
     */
    static EmbeddedHost start(Wiring wiring, Path contract, Map<String, String> variables, Options options) {
        EnvironmentVariables environment = EnvironmentVariables.of(variables);
        if (options.dev() && environment.lookup("ENVIRONMENT").map(v -> v.trim().toLowerCase(Locale.ROOT))
                .filter("prod"::equals).isPresent()) {
            throw new ProtocolConfigurationException("a development start refuses to run where ENVIRONMENT=prod,"
                    + " as onex-host dev does; start it without StartOptions.dev() in production");
        }
        JsonLog log = JsonLog.to(options.log(), options.level());
        LoadedContract loaded = ContractLoader.create(wiring.handlers(), ValueResolver.of(variables),
                LoadOptions.strict()).load(contract);
        for (ContractProblem warning : loaded.warnings()) {
            log.warn("contract warning", "problem", warning.render());
        }
        // The documented ONEX_BINDING_* / ONEX_NODE_* overrides, read from the variables as `run` reads them.
        HandlerConfigResolver.Resolved resolved = HandlerConfigResolver.create(environment).resolve(loaded.contract());
        if (!resolved.overrides().isEmpty()) {
            log.info("environment overrides applied", "variables", String.join(", ", resolved.overrides()));
        }
        Wiring.Mode mode = options.dev() ? Wiring.Mode.DEV : Wiring.Mode.RUN;
        RuntimeHostProcess host = options.secrets() == null
                ? wiring.assemble(resolved.contract(), mode, log, options.observer(), environment)
                : wiring.assemble(resolved.contract(), mode, log, options.observer(), options.secrets());
        EmbeddedHost embedded = new EmbeddedHost(host);
        if (host.contract().eventBus().kind() == BusKind.INMEMORY) {
            host.bus().subscribe(host.outputTopic(), (topic, message, settlement) -> {
                try {
                    Envelope envelope = ((Inbound.Decoded) message).envelope();
                    for (Consumer<Envelope> listener : embedded.listeners) {
                        listener.accept(envelope);
                    }
                } finally {
                    settlement.complete();
                }
            });
        }
        host.start();
        return embedded;
    }

    /**
     * Publishes {@code request} on the input topic of the in-memory bus.
     *
     * @throws IllegalStateException when the host's bus is not the in-memory one
     */
    public void publish(Envelope request) {
        host.bus().publish(inMemoryTopic(host.inputTopic()), Objects.requireNonNull(request, "request"));
    }

    /**
     * Hands {@code listener} every envelope published on the output topic of the in-memory bus
     * from now on, on the bus's delivering thread (keep it short).
     *
     * @throws IllegalStateException when the host's bus is not the in-memory one
     */
    public void subscribe(Consumer<Envelope> listener) {
        inMemoryTopic(host.outputTopic());
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Returns the contract the host runs, as loaded (variables resolved, overrides applied). */
    public RuntimeContract contract() {
        return host.contract();
    }

    /** Returns the host's bus. */
    public EventBus bus() {
        return host.bus();
    }

    /** Returns the host's lifecycle state in lowercase: {@code running}, {@code draining} or {@code stopped}. */
    public String state() {
        return host.state().name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the host's status: the document {@code /health/handlers} serves (state, every
     * binding's health, breaker and counts, every node's counts and readiness, the bus), read
     * now, without the latency only the health server's metrics hold.
     */
    public Map<String, Object> status() {
        return HandlersReport.of(status);
    }

    /**
     * Stops the host as {@code onex-host} stops on SIGTERM: drains what it accepted within
     * {@code shutdown.grace_seconds}, stops the bus and shuts every handler down. Returns once the
     * host has stopped; idempotent.
     */
    @Override
    public void close() {
        host.shutdown();
    }

    private String inMemoryTopic(String topic) {
        BusKind kind = host.contract().eventBus().kind();
        if (kind != BusKind.INMEMORY) {
            throw new IllegalStateException("the host runs on the " + kind.wireName() + " bus: publish to and"
                    + " read from its topics there (input " + host.inputTopic() + ", output " + host.outputTopic()
                    + "); publish and subscribe are for the in-memory bus");
        }
        return topic;
    }
}
