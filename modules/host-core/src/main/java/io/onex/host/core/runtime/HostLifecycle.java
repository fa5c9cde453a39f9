package io.onex.host.core.runtime;

import io.onex.host.api.EventBus;
import io.onex.host.api.ServiceUnavailableException;
import io.onex.host.api.Subscription;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.core.log.JsonLog;
import io.onex.host.core.runtime.RuntimeHostProcess.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Starts and stops a host: claims the process's one runtime host slot, initialises the handlers,
 * subscribes the {@link Intake} to the input topic; on shutdown stops taking new work, drains
 * within the grace period (answering what is left unfinished, through the flight's own admission,
 * with SERVICE_UNAVAILABLE), stops the bus and shuts every handler down exactly once.
 */
final class HostLifecycle {

    private static final AtomicReference<HostLifecycle> RUNNING_HOST = new AtomicReference<>();
    private static final long POLL_MILLIS = 10;
    private static final Duration OUTPUT_FLUSH_LIMIT = Duration.ofSeconds(10);

    /** What the lifecycle starts and stops. */
    record Parts(RuntimeContract contract, EventBus bus, Collection<ManagedHandler> handlers, int nodeCount,
            Intake intake, Flights flights, InflightLimit limit, EnvelopeWorkers workers, FailureLog failures,
            HostStats stats, List<AutoCloseable> closeOnStop, JsonLog log, Clock clock, String runtimeId) {
    }

    private final Parts parts;
    private final String inputTopic;
    private final String outputTopic;
    private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Instant startedAt;
    private Subscription subscription;

    HostLifecycle(Parts parts) {
        this.parts = parts;
        this.inputTopic = parts.contract().eventBus().topics().input();
        this.outputTopic = parts.contract().eventBus().topics().output();
    }

    State state() {
        return state.get();
    }

    Instant startedAt() {
        return startedAt;
    }

    /** See {@link RuntimeHostProcess#start()}. */
    void start() {
        if (!RUNNING_HOST.compareAndSet(null, this)) {
            HostLifecycle other = RUNNING_HOST.get();
            if (state.compareAndSet(State.CREATED, State.STOPPED)) {
                // Never to run: what was built for it (the bus, secret resolvers, clients) is released.
                parts.bus().stop();
                closeResources();
                stopped.countDown();
            }
            throw new IllegalStateException("a runtime host is already running in this process ("
                    + (other == null ? "unknown" : "runtime '" + other.parts.runtimeId() + "'")
                    + "); run one runtime host per process");
        }
        if (!state.compareAndSet(State.CREATED, State.RUNNING)) {
            RUNNING_HOST.compareAndSet(this, null);
            throw new IllegalStateException("this runtime host was already started once; build a new one");
        }
        JsonLog log = parts.log();
        log.runtimeId(parts.runtimeId());
        try {
            for (ManagedHandler handler : parts.handlers()) {
                handler.initialize();
                log.info("handler initialised", "binding", handler.name(), "handler_type", handler.type().wireName());
            }
            parts.failures().start();
            subscription = parts.bus().subscribe(inputTopic, parts.intake()::onDelivery);
            parts.bus().start();
        } catch (RuntimeException e) {
            state.set(State.STOPPED);
            parts.failures().stop();
            shutdownHandlers();
            parts.bus().stop();
            closeResources();
            parts.workers().stop(parts.flights().snapshot());
            RUNNING_HOST.compareAndSet(this, null);
            stopped.countDown();
            throw e;
        }
        startedAt = parts.clock().instant();
        RuntimeContract contract = parts.contract();
        log.info("runtime host started", "runtime", contract.name(), "environment",
                contract.environment().wireName(), "nodes", parts.nodeCount(), "bindings", parts.handlers().size(),
                "input_topic", inputTopic, "output_topic", outputTopic, "max_inflight", parts.limit().max());
    }

    /** See {@link RuntimeHostProcess#shutdown()}. */
    void shutdown() {
        if (!state.compareAndSet(State.RUNNING, State.DRAINING)) {
            awaitStopped();
            return;
        }
        JsonLog log = parts.log();
        EventBus bus = parts.bus();
        Flights flights = parts.flights();
        Duration grace = parts.contract().shutdown().grace();
        parts.workers().drain();
        if (subscription != null) {
            // A broker bus stops fetching, so that the drain ends once what was delivered is done.
            subscription.stopFetching();
        }
        log.info("draining", "in_flight", flights.size(), "grace_seconds", grace.toSeconds());
        boolean drained = waitUntil(() -> flights.isEmpty() && bus.pending(inputTopic) == 0, grace);
        List<Flight> unfinished = new ArrayList<>();
        if (!drained) {
            parts.limit().expire();
            unfinished.addAll(flights.snapshot());
            log.warn("grace period ran out; answering unfinished envelopes with SERVICE_UNAVAILABLE",
                    "unfinished", unfinished.size(), "queued", bus.pending(inputTopic));
            for (Flight flight : unfinished) {
                parts.intake().refuse(flight, new ServiceUnavailableException(
                        "the host shut down before this envelope completed (grace period of "
                                + grace.toSeconds() + " s ran out)"));
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
        parts.failures().stop();
        shutdownHandlers();
        closeResources();
        // Workers still running: those the grace period gave up on, and any not yet removed.
        unfinished.addAll(flights.snapshot());
        parts.workers().stop(unfinished);
        state.set(State.STOPPED);
        RUNNING_HOST.compareAndSet(this, null);
        HostStats stats = parts.stats();
        log.info("runtime host stopped", "received", stats.receivedCount(), "succeeded", stats.succeededCount(),
                "failed", stats.failedCount(), "dead_lettered", stats.deadLetteredCount());
        stopped.countDown();
    }

    private void shutdownHandlers() {
        for (ManagedHandler handler : parts.handlers()) {
            try {
                if (handler.shutdown()) {
                    parts.log().info("handler shut down", "binding", handler.name());
                }
            } catch (RuntimeException e) {
                parts.log().error("handler failed to shut down cleanly", "binding", handler.name(),
                        "exception", e.getClass().getName());
            }
        }
    }

    /** Closes what the host was given to close when it stops, after the handlers, each once. */
    private void closeResources() {
        for (AutoCloseable resource : parts.closeOnStop()) {
            try {
                resource.close();
            } catch (Exception e) {
                parts.log().error("a resource failed to close cleanly", "exception", e.getClass().getName());
            }
        }
    }

    /** See {@link RuntimeHostProcess#awaitStopped(Duration)}. */
    boolean awaitStopped(Duration limit) {
        try {
            return stopped.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void awaitStopped() {
        // Bounded by the drain itself: grace plus the flush limits.
        awaitStopped(parts.contract().shutdown().grace().plus(OUTPUT_FLUSH_LIMIT).plus(OUTPUT_FLUSH_LIMIT)
                .plusSeconds(5));
    }

    private static boolean waitUntil(BooleanSupplier condition, Duration limit) {
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
}
