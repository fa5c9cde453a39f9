package io.onex.host.core.runtime;

import io.onex.host.api.Envelope;
import io.onex.host.api.EventBus;
import io.onex.host.api.Handler;
import io.onex.host.api.HostObserver;
import io.onex.host.api.OnexException;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.core.HandlerRegistry;
import io.onex.host.core.codec.EnvelopeCodec;
import io.onex.host.core.log.JsonLog;
import io.onex.host.core.resilience.Resilience;
import io.onex.host.core.trace.EnvelopeTracer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The runtime host: consumes envelopes from the bus, routes each to its node, executes it through
 * the node's handler binding and publishes exactly one response.
 *
 * <p>An envelope goes one way through three steps, with immutable values between them:
 * {@link Intake} (on the delivering thread: decode once, decide once into an {@link Admission},
 * take an in-flight slot: at most {@code max_inflight_envelopes} at once, whatever the bus; when
 * that many are in flight, delivery blocks, which holds the bus back), {@link Dispatch} (on a
 * host-owned virtual thread, or on the delivering thread when nothing of the call can wait:
 * expiry, routing, the node's limits, the handler call) and
 * {@link Responder} (end the span, count once, publish, settle, free the slot). Unreadable input
 * goes back to the bus as a dead letter when the bus keeps dead letters, and is answered with an
 * error envelope otherwise.
 *
 * <p>One runtime host runs per process: a second {@link #start()} fails while one runs.
 * {@link #shutdown()} stops taking new work, drains what was accepted within the contract's grace
 * period (answering whatever is still unfinished when it runs out with SERVICE_UNAVAILABLE, so
 * nothing accepted goes unanswered), stops the bus and shuts every handler down exactly once
 * ({@link HostLifecycle}).
 */
public final class RuntimeHostProcess {

    /** The states of a host, in the order it goes through them. */
    public enum State {
        CREATED,
        RUNNING,
        DRAINING,
        STOPPED
    }

    private final RuntimeContract contract;
    private final EventBus bus;
    private final Map<String, ManagedHandler> handlers;
    private final NodeRuntime nodes;
    private final Resilience resilience;
    private final String runtimeId;
    private final InflightLimit limit;
    private final Intake intake;
    private final HostLifecycle lifecycle;
    private final Map<String, Supplier<Map<String, Object>>> reports;
    private final HostStats stats;

    private RuntimeHostProcess(Builder builder) {
        this.contract = builder.contract;
        this.bus = builder.bus;
        this.runtimeId = contract.name() + "-" + builder.ids.get().toString().substring(0, 8);
        this.handlers = Map.copyOf(builder.handlers);
        this.reports = Collections.unmodifiableMap(new LinkedHashMap<>(builder.reports));
        this.nodes = NodeRuntime.build(contract.nodes(), handlers, builder.registry, builder.observer);
        CodeNodes.Routing routing = new CodeNodes.Routing(nodes, builder.clock, builder.ids);
        builder.codeNodes.forEach(node -> node.attach(routing, builder.clock));
        this.resilience = Resilience.of(builder.handlers.values().stream().map(ManagedHandler::guard).toList(),
                nodes.guards());
        this.stats = new HostStats(nodes);
        this.limit = new InflightLimit(contract.eventBus().backpressure().maxInflightEnvelopes());
        JsonLog log = builder.log;
        FailureLog failures = new FailureLog(log, contract.logging(), System::nanoTime);
        Flights flights = new Flights();
        EnvelopeWorkers workers = new EnvelopeWorkers();
        Responder responder = new Responder(bus, contract.eventBus().topics().output(), nodes, stats, log, flights,
                limit, failures);
        Dispatch dispatch = new Dispatch(nodes, limit, responder, log, builder.clock, builder.ids,
                !bus.publishBlocks());
        this.intake = new Intake(builder.codec, nodes, stats, log, builder.clock, builder.ids, builder.tracer, limit,
                flights, workers, responder, dispatch);
        this.lifecycle = new HostLifecycle(new HostLifecycle.Parts(contract, bus, handlers.values(),
                nodes.nodeSlugs().size(), intake, flights, limit, workers, failures, stats,
                List.copyOf(builder.closeOnStop), log, builder.clock, runtimeId));
    }

    /**
     * Returns a builder for a host of {@code contract} on {@code bus}, running the handler types
     * of {@code registry}.
     */
    public static Builder builder(RuntimeContract contract, EventBus bus, HandlerRegistry registry) {
        return new Builder(contract, bus, registry);
    }

    /**
     * Starts the host: claims the process's one runtime host slot, initialises every handler,
     * subscribes to the input topic and starts the bus.
     *
     * @throws IllegalStateException when another runtime host runs in this process; this host then
     *                               never runs, and its bus and resources are released
     * @throws OnexException         when a handler cannot be initialised; the handlers initialised
     *                               so far are shut down again
     */
    public void start() {
        lifecycle.start();
    }

    /**
     * Returns the error response to {@code request} when its {@code handler_type} is well formed
     * but not a type of this host: ENVELOPE_VALIDATION_ERROR listing the host's types, as the codec
     * answers input it cannot read. Empty when the host has the type. The ingress uses it to answer
     * such a request with 400, as it answers any other invalid body.
     */
    public Optional<Envelope> unknownType(Envelope request) {
        return intake.unknownType(request);
    }

    /**
     * Stops the host: stops taking new work, drains accepted envelopes within the grace period,
     * stops the bus and shuts every handler down exactly once. Idempotent; every caller returns
     * once the host has stopped.
     */
    public void shutdown() {
        lifecycle.shutdown();
    }

    /** Waits until the host has stopped, at most {@code limit}. Returns whether it has. */
    public boolean awaitStopped(Duration limit) {
        return lifecycle.awaitStopped(limit);
    }

    /** Returns the extra sections of the host's status report, by name, in the order they were added. */
    public Map<String, Supplier<Map<String, Object>>> reports() {
        return reports;
    }

    /** Returns the host's state. */
    public State state() {
        return lifecycle.state();
    }

    /** Returns the id of this run of the host: the runtime name and a random suffix. */
    public String runtimeId() {
        return runtimeId;
    }

    /** Returns the contract the host runs. */
    public RuntimeContract contract() {
        return contract;
    }

    /** Returns the bus. */
    public EventBus bus() {
        return bus;
    }

    /** Returns the live handler bindings. */
    public Collection<ManagedHandler> handlers() {
        return handlers.values();
    }

    /**
     * Returns the resilience guards of this host: breaker states, retry counts, rejections and
     * per-node in-flight counts, for health and metrics.
     */
    public Resilience resilience() {
        return resilience;
    }

    /** Returns the counters of this host. */
    public HostStats stats() {
        return stats;
    }

    /** Returns the counters of every hosted node, in contract order. */
    public List<NodeStats> nodeStats() {
        return nodes.stats();
    }

    /** Returns the counters of envelopes that named no hosted node or could not be read at all. */
    public NodeStats unroutedStats() {
        return nodes.unroutedStats();
    }

    /**
     * Returns the host's progress signal: how many envelopes it has answered, and whether work
     * is waiting (in flight, or queued on the input topic in this process).
     */
    public Progress progress() {
        return new Progress(stats.succeededCount() + stats.failedCount(),
                inFlight() > 0 || bus.pending(inputTopic()) > 0);
    }

    /** Returns the topic requests are taken from. */
    public String inputTopic() {
        return contract.eventBus().topics().input();
    }

    /** Returns the topic responses are published to. */
    public String outputTopic() {
        return contract.eventBus().topics().output();
    }

    /** Returns how many envelopes may be in flight at once. */
    public int maxInFlight() {
        return limit.max();
    }

    /** Returns how many envelopes are in flight now. */
    public int inFlight() {
        return limit.taken();
    }

    /** Returns when the host started, if it has. */
    public Optional<Instant> startedAt() {
        return Optional.ofNullable(lifecycle.startedAt());
    }

    /** Builds a {@link RuntimeHostProcess}. */
    public static final class Builder {
        private final RuntimeContract contract;
        private final EventBus bus;
        private final HandlerRegistry registry;
        private final Map<String, ManagedHandler> handlers = new LinkedHashMap<>();
        private final List<CodeNode> codeNodes = new ArrayList<>();
        private EnvelopeCodec codec;
        private JsonLog log = JsonLog.toStandardError(JsonLog.Level.INFO);
        private Clock clock = Clock.systemUTC();
        private Supplier<UUID> ids = io.onex.host.core.Ids::fastRandomUuid;
        private HostObserver observer = HostObserver.NONE;
        private EnvelopeTracer tracer = EnvelopeTracer.NONE;
        private final List<AutoCloseable> closeOnStop = new ArrayList<>();
        private final Map<String, Supplier<Map<String, Object>>> reports = new LinkedHashMap<>();

        private Builder(RuntimeContract contract, EventBus bus, HandlerRegistry registry) {
            this.contract = Objects.requireNonNull(contract, "contract");
            this.bus = Objects.requireNonNull(bus, "bus");
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /** Adds the live handler of an enabled binding. */
        public Builder handler(HandlerBinding binding, Handler handler) {
            if (handlers.putIfAbsent(binding.name(), new ManagedHandler(binding, handler,
                    contract.health().checkInterval())) != null) {
                throw new IllegalArgumentException("binding '" + binding.name() + "' was added twice");
            }
            return this;
        }

        /**
         * Adds the code of a code node with the handler that serves its operations (a binding of
         * its own, {@link CodeNode#binding()}); every node whose contract says
         * {@code implementation: code} must be added.
         */
        public Builder codeNode(CodeNode node, Handler handler) {
            handler(node.binding(), handler);
            codeNodes.add(node);
            return this;
        }

        /** Sets the log. */
        public Builder log(JsonLog value) {
            this.log = Objects.requireNonNull(value, "log");
            return this;
        }

        /** Sets the clock used for timestamps and time-to-live checks. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Sets the source of envelope and correlation ids. */
        public Builder ids(Supplier<UUID> value) {
            this.ids = Objects.requireNonNull(value, "ids");
            return this;
        }

        /** Sets where the outcome of every envelope is recorded, for metrics. */
        public Builder observer(HostObserver value) {
            this.observer = Objects.requireNonNull(value, "observer");
            return this;
        }

        /** Sets what opens the span of each envelope and handler call (default: tracing off). */
        public Builder tracer(EnvelopeTracer value) {
            this.tracer = Objects.requireNonNull(value, "tracer");
            return this;
        }

        /**
         * Adds something the host closes when it stops, after its handlers have shut down (for
         * example the secret resolver the handlers read through).
         */
        public Builder closeOnStop(AutoCloseable resource) {
            closeOnStop.add(Objects.requireNonNull(resource, "resource"));
            return this;
        }

        /**
         * Adds a section to the host's status report (shown under {@code name} by
         * {@code /health/handlers}), read each time the report is asked for. It must hold no
         * secret value.
         */
        public Builder report(String name, Supplier<Map<String, Object>> section) {
            if (reports.putIfAbsent(Objects.requireNonNull(name, "name"), Objects.requireNonNull(section, "section"))
                    != null) {
                throw new IllegalArgumentException("report section '" + name + "' was added twice");
            }
            return this;
        }

        /** Sets the codec used for input that arrives encoded. */
        public Builder codec(EnvelopeCodec value) {
            this.codec = Objects.requireNonNull(value, "codec");
            return this;
        }

        /** Builds the host; it does nothing until {@link RuntimeHostProcess#start()}. */
        public RuntimeHostProcess build() {
            for (io.onex.host.api.contract.HostedNode node : contract.nodes()) {
                if (node.contract().code() && !handlers.containsKey(CodeNodes.bindingName(node.slug()))) {
                    throw new IllegalStateException("node '" + node.slug() + "' runs code, but no code was added"
                            + " for it (Builder.codeNode)");
                }
            }
            if (codec == null) {
                codec = EnvelopeCodec.create(clock, ids);
            }
            return new RuntimeHostProcess(this);
        }
    }
}
