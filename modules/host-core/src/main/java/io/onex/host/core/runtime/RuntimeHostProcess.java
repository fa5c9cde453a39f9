package io.onex.host.core.runtime;

import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeValidationException;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.EventBus;
import io.onex.host.api.ExpiredException;
import io.onex.host.api.Handler;
import io.onex.host.api.Inbound;
import io.onex.host.api.OnexException;
import io.onex.host.api.OnexTimeoutException;
import io.onex.host.api.ServiceUnavailableException;
import io.onex.host.api.Settlement;
import io.onex.host.api.Subscription;
import io.onex.host.core.HandlerRegistry;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.core.codec.DecodeResult;
import io.onex.host.core.codec.EnvelopeCodec;
import io.onex.host.core.log.JsonLog;
import io.onex.host.core.log.LogContext;
import io.onex.host.core.resilience.NodeGuard;
import io.onex.host.core.resilience.Resilience;
import io.onex.host.core.trace.EnvelopeSpan;
import io.onex.host.core.trace.EnvelopeTracer;
import io.onex.host.core.trace.HandlerCallSpan;
import io.onex.host.core.trace.TraceParent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The runtime host: consumes envelopes from the bus, routes each to its node, executes it through
 * the node's handler binding and publishes exactly one response.
 *
 * <p>Per envelope: decode (unreadable input goes back to the bus as a dead letter when the bus
 * keeps dead letters, and is answered with an error envelope otherwise), assign a
 * correlation id if missing, check the time-to-live, route, execute, publish. Work runs on
 * host-owned virtual threads, at most {@code max_inflight_envelopes} at once; when that many are
 * in flight, delivery blocks, which holds the bus back.
 *
 * <p>One runtime host runs per process: a second {@link #start()} fails while one runs.
 * {@link #shutdown()} stops taking new work, drains what was accepted within the contract's grace
 * period (answering whatever is still unfinished when it runs out with SERVICE_UNAVAILABLE, so
 * nothing accepted goes unanswered), stops the bus and shuts every handler down exactly once.
 */
public final class RuntimeHostProcess {

    /** The states of a host, in the order it goes through them. */
    public enum State {
        CREATED,
        RUNNING,
        DRAINING,
        STOPPED
    }

    private static final AtomicReference<RuntimeHostProcess> RUNNING_HOST = new AtomicReference<>();
    private static final long POLL_MILLIS = 10;
    private static final Duration OUTPUT_FLUSH_LIMIT = Duration.ofSeconds(10);
    /** How long an envelope waits in its node's queue when its binding has no {@code timeout_ms}. */
    static final Duration DEFAULT_NODE_WAIT = Duration.ofSeconds(30);

    private final RuntimeContract contract;
    private final EventBus bus;
    private final Map<String, ManagedHandler> handlers;
    private final NodeRuntime nodes;
    private final Resilience resilience;
    private final EnvelopeCodec codec;
    private final JsonLog log;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final String runtimeId;
    private final String inputTopic;
    private final String outputTopic;
    private final int maxInflight;
    private final Semaphore inflight;
    private final Set<Flight> flights = ConcurrentHashMap.newKeySet();
    private final Responder responder;
    private final EnvelopeTracer tracer;
    private final FailureLog failures;
    private final List<AutoCloseable> closeOnStop;
    private final Map<String, Supplier<Map<String, Object>>> reports;
    private final HostStats stats = new HostStats();
    private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final EnvelopeWorkers workers = new EnvelopeWorkers();
    private volatile boolean graceExpired;
    private volatile Instant startedAt;
    private Subscription subscription;

    private RuntimeHostProcess(Builder builder) {
        this.contract = builder.contract;
        this.bus = builder.bus;
        this.codec = builder.codec;
        this.tracer = builder.tracer;
        this.log = builder.log;
        this.clock = builder.clock;
        this.ids = builder.ids;
        this.runtimeId = contract.name() + "-" + ids.get().toString().substring(0, 8);
        this.handlers = Map.copyOf(builder.handlers);
        this.closeOnStop = List.copyOf(builder.closeOnStop);
        this.reports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(builder.reports));
        this.nodes = NodeRuntime.build(contract.nodes(), handlers, builder.registry, builder.observer);
        CodeNodes.Routing routing = new CodeNodes.Routing(nodes, clock, ids);
        builder.codeNodes.forEach(node -> node.attach(routing, clock));
        this.resilience = Resilience.of(builder.handlers.values().stream().map(ManagedHandler::guard).toList(),
                nodes.guards());
        this.inputTopic = contract.eventBus().topics().input();
        this.outputTopic = contract.eventBus().topics().output();
        this.maxInflight = contract.eventBus().backpressure().maxInflightEnvelopes();
        this.inflight = new Semaphore(maxInflight);
        this.failures = new FailureLog(log, contract.logging(), System::nanoTime);
        this.responder = new Responder(bus, outputTopic, nodes, stats, log, flights, inflight, failures);
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
     * @throws IllegalStateException when another runtime host runs in this process
     * @throws OnexException         when a handler cannot be initialised; the handlers initialised
     *                               so far are shut down again
     */
    public void start() {
        if (!RUNNING_HOST.compareAndSet(null, this)) {
            RuntimeHostProcess other = RUNNING_HOST.get();
            throw new IllegalStateException("a runtime host is already running in this process ("
                    + (other == null ? "unknown" : "runtime '" + other.runtimeId + "'")
                    + "); run one runtime host per process");
        }
        if (!state.compareAndSet(State.CREATED, State.RUNNING)) {
            RUNNING_HOST.compareAndSet(this, null);
            throw new IllegalStateException("this runtime host was already started once; build a new one");
        }
        log.runtimeId(runtimeId);
        try {
            for (ManagedHandler handler : handlers.values()) {
                handler.initialize();
                log.info("handler initialised", "binding", handler.name(), "handler_type", handler.type().wireName());
            }
            failures.start();
            subscription = bus.subscribe(inputTopic, this::onDelivery);
            bus.start();
        } catch (RuntimeException e) {
            state.set(State.STOPPED);
            failures.stop();
            shutdownHandlers();
            bus.stop();
            closeResources();
            workers.stop(flights);
            RUNNING_HOST.compareAndSet(this, null);
            stopped.countDown();
            throw e;
        }
        startedAt = clock.instant();
        log.info("runtime host started", "runtime", contract.name(), "environment",
                contract.environment().wireName(), "nodes", nodes.nodeSlugs().size(), "bindings", handlers.size(),
                "input_topic", inputTopic, "output_topic", outputTopic, "max_inflight", maxInflight);
    }

    private void onDelivery(String topic, Inbound message, Settlement settlement) {
        stats.received();
        Flight flight = new Flight(message, settlement);
        if (!acquirePermit()) {
            responder.answer(flight, unreadableOrError(flight, new ServiceUnavailableException(
                    "the host is shutting down and its grace period ran out before this envelope could start")));
            return;
        }
        flight.holdPermit();
        flights.add(flight);
        try {
            workers.start(flight, () -> process(flight));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            responder.answer(flight, unreadableOrError(flight, new ServiceUnavailableException("the host has stopped")));
        }
    }

    /** Waits for an in-flight slot; gives up only once a shutdown's grace period has run out. */
    private boolean acquirePermit() {
        if (!graceExpired && inflight.tryAcquire()) {
            // A free slot, the common case: taken without the timed wait's interrupt check and bookkeeping.
            return true;
        }
        while (!graceExpired) {
            try {
                if (inflight.tryAcquire(POLL_MILLIS * 10, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private void process(Flight flight) {
        Envelope rejection = decode(flight);
        if (rejection != null) {
            if (flight.unreadable != null) {
                responder.deadLetterOrAnswer(flight, flight.unreadable, rejection);
            } else {
                responder.answer(flight, rejection);
            }
            return;
        }
        Envelope accepted = flight.request;
        EnvelopeSpan span = tracer.start(accepted);
        new LogContext(accepted.targetNode(), accepted.handlerType().wireName(), accepted.envelopeId(),
                accepted.correlationId(), span.traceId().orElse(null)).run(() -> {
                    if (log.enabled(JsonLog.Level.DEBUG)) {
                        log.debug("envelope accepted", "operation", accepted.operation());
                    }
                    responder.answer(flight, span.end(execute(flight, accepted, span)));
                });
    }

    /**
     * Turns the delivered message into an accepted request in {@code flight.request}, or returns
     * the error response for input that is not a valid request.
     */
    private Envelope decode(Flight flight) {
        Envelope request;
        switch (flight.message) {
            case Inbound.Decoded decoded -> request = decoded.envelope();
            case Inbound.Encoded encoded -> {
                switch (codec.decode(encoded.json())) {
                    case DecodeResult.Decoded ok -> request = TraceParent.adopt(ok.envelope(), encoded.headers());
                    case DecodeResult.Rejected rejected -> {
                        stats.rejected();
                        log.debug("input rejected", "code", rejected.error().code().name(),
                                "reason", rejected.error().message());
                        flight.unreadable = rejected;
                        return rejected.errorEnvelope(ids.get(), clock.instant());
                    }
                }
            }
        }
        if (request.correlationId() == null) {
            request = request.withCorrelationId(ids.get());
        }
        flight.request = request;
        if (request.isResponse()) {
            return Envelope.errorFor(request, new EnvelopeValidationException(
                    "the input topic takes requests; this envelope is a response (is_response: true)")
                    .toError(request.handlerType(), request.operation()), ids.get(), clock.instant());
        }
        java.util.Optional<Envelope> unknownType = unknownType(request);
        if (unknownType.isPresent()) {
            stats.rejected();
        }
        return unknownType.orElse(null);
    }

    /**
     * Returns the error response to {@code request} when its {@code handler_type} is well formed
     * but not a type of this host: ENVELOPE_VALIDATION_ERROR listing the host's types, as the codec
     * answers input it cannot read. Empty when the host has the type. The ingress uses it to answer
     * such a request with 400, as it answers any other invalid body.
     */
    public java.util.Optional<Envelope> unknownType(Envelope request) {
        if (request.handlerType() == null || nodes.knowsType(request.handlerType())) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Envelope.errorFor(request, new EnvelopeValidationException("handler_type \""
                + request.handlerType().wireName() + "\" is not one of " + nodes.handlerTypes())
                .toError(null, request.operation()), ids.get(), clock.instant()));
    }

    private Envelope execute(Flight flight, Envelope request, EnvelopeSpan span) {
        try {
            NodeRuntime.Node node = nodes.find(request.targetNode());
            if (node != null) {
                node.stats.started();
                flight.node = node.stats;
                flight.meter = node.meter;
            }
            // Only a request with a time-to-live needs the clock read here.
            if (request.ttlSeconds() != null && request.isExpiredAt(clock.instant())) {
                throw new ExpiredException("the envelope expired at " + request.timestamp().plusSeconds(
                        request.ttlSeconds()) + " (ttl_seconds " + request.ttlSeconds() + ") before it could run");
            }
            NodeRuntime.Route route = nodes.route(node, request);
            flight.meter = route.meter();
            enterNode(flight, request, route);
            flight.binding = route.invocation().binding();
            Map<String, Object> result;
            long started = System.nanoTime();
            HandlerCallSpan call = span.handlerCall(route.invocation(), route.handler().guard());
            try {
                result = route.handler().execute(call);
                call.end(null);
            } catch (OnexException e) {
                call.end(e);
                throw e;
            } finally {
                route.meter().executed(System.nanoTime() - started);
                route.node().exit();
            }
            return Envelope.responseTo(request, result, ids.get(), clock.instant());
        } catch (OnexException e) {
            // Logged at warn when answered (FailureLog), without the message: a handler's may quote input.
            return Envelope.errorFor(request, e.toError(request.handlerType(), request.operation()), ids.get(),
                    clock.instant());
        } catch (RuntimeException e) {
            // A defect in the host itself: still answer, and say which class failed, never its message.
            log.error("unexpected failure while executing an envelope", "exception", e.getClass().getName());
            return Envelope.errorFor(request, OnexException.of(ErrorCode.HANDLER_EXECUTION_ERROR,
                    "the host failed unexpectedly (" + e.getClass().getSimpleName() + ")")
                    .toError(request.handlerType(), request.operation()), ids.get(), clock.instant());
        }
    }

    /**
     * Takes a place of the request's node: at once, or after waiting in the node's queue. While it
     * waits, the envelope gives its in-flight slot back, so that a node's queue never holds the
     * slots other nodes' envelopes need; it takes one again once it has its place. The wait ends
     * at the envelope's expiry (EXPIRED) or after its binding's {@code timeout_ms}, or
     * {@link #DEFAULT_NODE_WAIT} when it has none (TIMEOUT).
     */
    private void enterNode(Flight flight, Envelope request, NodeRuntime.Route route) {
        NodeGuard guard = route.node();
        if (guard.tryEnter()) {
            return;
        }
        Duration limit = route.handler().binding().timeout().orElse(DEFAULT_NODE_WAIT);
        boolean expiryFirst = false;
        if (request.ttlSeconds() != null) {
            Duration untilExpiry = Duration.between(clock.instant(),
                    request.timestamp().plusSeconds(request.ttlSeconds()));
            if (untilExpiry.compareTo(limit) < 0) {
                limit = untilExpiry.isNegative() ? Duration.ZERO : untilExpiry;
                expiryFirst = true;
            }
        }
        releasePermit(flight);
        boolean admitted;
        try {
            admitted = guard.awaitEntry(limit.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("the host stopped while this envelope waited for a place of node '"
                    + guard.slug() + "'");
        }
        if (!admitted) {
            if (expiryFirst) {
                throw new ExpiredException("the envelope expired at " + request.timestamp().plusSeconds(
                        request.ttlSeconds()) + " (ttl_seconds " + request.ttlSeconds() + ") while it waited for a"
                        + " place of node '" + guard.slug() + "' (limits.max_concurrent, limits.queue)");
            }
            throw new OnexTimeoutException("the envelope waited " + limit.toMillis() + " ms for a place of node '"
                    + guard.slug() + "' (limits.max_concurrent, limits.queue) without getting one");
        }
        if (!retakePermit(flight)) {
            guard.exit();
            throw new ServiceUnavailableException("the host shut down while this envelope waited for a place of node '"
                    + guard.slug() + "'");
        }
    }

    private void releasePermit(Flight flight) {
        if (flight.dropPermit()) {
            inflight.release();
        }
    }

    /**
     * Takes an in-flight slot for a flight that gave its own back; returns {@code false} when the
     * host gave up on the flight meanwhile (it was answered, or the grace period ran out).
     */
    private boolean retakePermit(Flight flight) {
        if (flight.answered.get() || !acquirePermit()) {
            return false;
        }
        flight.holdPermit();
        if (flight.answered.get()) {
            // Answered while this slot was being taken: whoever settles first frees it.
            releasePermit(flight);
            return false;
        }
        return true;
    }

    private Envelope unreadableOrError(Flight flight, OnexException error) {
        // What process() has decoded already is not decoded again (a drain answers flights mid-way).
        Envelope accepted = flight.request;
        if (accepted != null) {
            return Envelope.errorFor(accepted, error.toError(accepted.handlerType(), accepted.operation()), ids.get(),
                    clock.instant());
        }
        DecodeResult.Rejected unreadable = flight.unreadable;
        if (unreadable != null) {
            return unreadable.errorEnvelope(ids.get(), clock.instant());
        }
        if (flight.message instanceof Inbound.Decoded decoded) {
            Envelope request = decoded.envelope();
            if (request.correlationId() == null) {
                request = request.withCorrelationId(ids.get());
            }
            return Envelope.errorFor(request, error.toError(request.handlerType(), request.operation()), ids.get(),
                    clock.instant());
        }
        Inbound.Encoded encoded = (Inbound.Encoded) flight.message;
        return switch (codec.decode(encoded.json())) {
            case DecodeResult.Decoded ok -> {
                Envelope request = ok.envelope().correlationId() == null
                        ? ok.envelope().withCorrelationId(ids.get()) : ok.envelope();
                yield Envelope.errorFor(request, error.toError(request.handlerType(), request.operation()),
                        ids.get(), clock.instant());
            }
            case DecodeResult.Rejected rejected -> rejected.errorEnvelope(ids.get(), clock.instant());
        };
    }

    /**
     * Stops the host: stops taking new work, drains accepted envelopes within the grace period,
     * stops the bus and shuts every handler down exactly once. Idempotent; every caller returns
     * once the host has stopped.
     */
    public void shutdown() {
        if (!state.compareAndSet(State.RUNNING, State.DRAINING)) {
            awaitStopped();
            return;
        }
        Duration grace = contract.shutdown().grace();
        if (subscription != null) {
            // A broker bus stops fetching, so that the drain ends once what was delivered is done.
            subscription.stopFetching();
        }
        log.info("draining", "in_flight", flights.size(), "grace_seconds", grace.toSeconds());
        boolean drained = waitUntil(() -> flights.isEmpty() && bus.pending(inputTopic) == 0, grace);
        List<Flight> unfinished = new ArrayList<>();
        if (!drained) {
            graceExpired = true;
            unfinished.addAll(flights);
            log.warn("grace period ran out; answering unfinished envelopes with SERVICE_UNAVAILABLE",
                    "unfinished", unfinished.size(), "queued", bus.pending(inputTopic));
            for (Flight flight : unfinished) {
                responder.answer(flight, unreadableOrError(flight, new ServiceUnavailableException(
                        "the host shut down before this envelope completed (grace period of "
                                + grace.toSeconds() + " s ran out)")));
            }
            // Whatever is still queued is answered at once now, without running.
            waitUntil(() -> bus.pending(inputTopic) == 0, OUTPUT_FLUSH_LIMIT);
        }
        if (subscription != null) {
            subscription.close();
        }
        if (!waitUntil(() -> bus.pending(outputTopic) == 0, OUTPUT_FLUSH_LIMIT)) {
            log.error("responses still waiting on the output topic at shutdown", "pending", bus.pending(outputTopic));
        }
        bus.stop();
        failures.stop();
        shutdownHandlers();
        closeResources();
        // Workers still running: those the grace period gave up on, and any not yet removed.
        unfinished.addAll(flights);
        workers.stop(unfinished);
        state.set(State.STOPPED);
        RUNNING_HOST.compareAndSet(this, null);
        log.info("runtime host stopped", "received", stats.receivedCount(), "succeeded", stats.succeededCount(),
                "failed", stats.failedCount(), "dead_lettered", stats.deadLetteredCount());
        stopped.countDown();
    }

    private void shutdownHandlers() {
        for (ManagedHandler handler : handlers.values()) {
            try {
                if (handler.shutdown()) {
                    log.info("handler shut down", "binding", handler.name());
                }
            } catch (RuntimeException e) {
                log.error("handler failed to shut down cleanly", "binding", handler.name(),
                        "exception", e.getClass().getName());
            }
        }
    }

    /** Closes what the host was given to close when it stops, after the handlers, each once. */
    private void closeResources() {
        for (AutoCloseable resource : closeOnStop) {
            try {
                resource.close();
            } catch (Exception e) {
                log.error("a resource failed to close cleanly", "exception", e.getClass().getName());
            }
        }
    }

    /** Waits until the host has stopped, at most {@code limit}. Returns whether it has. */
    public boolean awaitStopped(Duration limit) {
        try {
            return stopped.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void awaitStopped() {
        // Bounded by the drain itself: grace plus the flush limits.
        awaitStopped(contract.shutdown().grace().plus(OUTPUT_FLUSH_LIMIT).plus(OUTPUT_FLUSH_LIMIT).plusSeconds(5));
    }

    private boolean waitUntil(java.util.function.BooleanSupplier condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return condition.getAsBoolean();
            }
        }
        return true;
    }

    /** Returns the extra sections of the host's status report, by name, in the order they were added. */
    public Map<String, Supplier<Map<String, Object>>> reports() {
        return reports;
    }

    /** Returns the host's state. */
    public State state() {
        return state.get();
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
                inFlight() > 0 || bus.pending(inputTopic) > 0);
    }

    /** Returns the topic requests are taken from. */
    public String inputTopic() {
        return inputTopic;
    }

    /** Returns the topic responses are published to. */
    public String outputTopic() {
        return outputTopic;
    }

    /** Returns how many envelopes may be in flight at once. */
    public int maxInFlight() {
        return maxInflight;
    }

    /** Returns how many envelopes are in flight now. */
    public int inFlight() {
        return maxInflight - inflight.availablePermits();
    }

    /** Returns when the host started, if it has. */
    public java.util.Optional<Instant> startedAt() {
        return java.util.Optional.ofNullable(startedAt);
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
