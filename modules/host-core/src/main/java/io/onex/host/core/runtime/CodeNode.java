package io.onex.host.core.runtime;

import io.onex.host.api.Envelope;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerExecutionException;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.Invocation;
import io.onex.host.api.NodeCode;
import io.onex.host.api.OnexException;
import io.onex.host.api.OnexTimeoutException;
import io.onex.host.api.OverloadedException;
import io.onex.host.api.ServiceUnavailableException;
import io.onex.host.api.contract.HostedNode;
import io.onex.host.core.resilience.BreakerState;
import io.onex.host.core.resilience.CodeBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs one code node's {@link NodeCode} as the handler of the node's own operations, so that its
 * envelopes take the same path as any other: the node's limits, its meter, one answer.
 *
 * <p>Each request runs on a virtual thread of its own, which the envelope's thread waits for until
 * the request's deadline: past it, the envelope is answered TIMEOUT and the code's thread is
 * interrupted. Code that does not stop when interrupted (a loop that never looks) keeps one of the
 * node's own run places until it ends; when all of them are held so, the node answers OVERLOADED
 * and no other node loses anything. A raw exception is answered HANDLER_EXECUTION_ERROR naming only
 * its class; failures count against the node's own circuit breaker ({@link CodeBreaker}).
 */
final class CodeNode implements Handler {

    /** The deadline of a request without a time-to-live. */
    static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);
    /** How many runs of a node may be live at once when its contract sets no {@code limits.max_concurrent}. */
    static final int DEFAULT_RUNS = 64;

    private final HostedNode node;
    private final NodeCode code;
    private final CodeBreaker breaker;
    private final Clock clock;
    private final int maxRuns;
    private final Semaphore runs;
    private final LongAdder failures = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private volatile CodeContext.Host host;

    CodeNode(HostedNode node, NodeCode code, Clock clock) {
        this.node = node;
        this.code = code;
        this.clock = clock;
        this.breaker = CodeBreaker.of(node.slug(), CodeBreaker.DEFAULT);
        this.maxRuns = node.limits().maxConcurrent().orElse(DEFAULT_RUNS);
        this.runs = new Semaphore(maxRuns);
    }

    /** Gives the node the host it calls through; set once, before the host starts. */
    void attach(CodeContext.Host value) {
        this.host = value;
    }

    /** Returns the deadline of {@code request}: its expiry, or {@link #DEFAULT_DEADLINE} from {@code now}. */
    static Instant deadlineOf(Envelope request, Instant now) {
        Instant fallback = now.plus(DEFAULT_DEADLINE);
        if (request.ttlSeconds() == null) {
            return fallback;
        }
        Instant expiry = request.timestamp().plusSeconds(request.ttlSeconds());
        return expiry.isBefore(fallback) ? expiry : fallback;
    }

    @Override
    public Map<String, Object> execute(Invocation invocation) {
        try {
            return breaker.call(() -> run(invocation));
        } catch (Defect e) {
            failures.increment();
            throw new HandlerExecutionException("the code of node '" + node.slug() + "' failed ("
                    + e.getCause().getClass().getSimpleName() + ")", e.getCause());
        } catch (OnexException e) {
            if (e.retryable()) {
                failures.increment();
            }
            throw e;
        }
    }

    private Map<String, Object> run(Invocation invocation) {
        Envelope request = invocation.envelope();
        Instant deadline = deadlineOf(request, clock.instant());
        if (!runs.tryAcquire()) {
            throw new OverloadedException("node '" + node.slug() + "' has " + maxRuns + " runs of its code still"
                    + " going (some past their deadline); try again later");
        }
        CodeContext context = new CodeContext(host, node, request, deadline, clock);
        FutureTask<Map<String, Object>> task = new FutureTask<>(() -> {
            try {
                return code.handle(request, context);
            } finally {
                runs.release();
            }
        });
        try {
            Thread.ofVirtual().name("onex-node-" + node.slug()).start(task);
        } catch (RuntimeException e) {
            runs.release();
            throw new ServiceUnavailableException("node '" + node.slug() + "' could not start its code");
        }
        long waitNanos = Duration.between(clock.instant(), deadline).toNanos();
        try {
            Map<String, Object> result = task.get(Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
            return result == null ? Map.of() : result;
        } catch (TimeoutException e) {
            task.cancel(true);
            timeouts.increment();
            throw new OnexTimeoutException("the code of node '" + node.slug() + "' did not answer before the"
                    + " envelope's deadline (" + deadline + "); it was interrupted");
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("the host stopped while node '" + node.slug() + "' ran");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof OnexException onex) {
                throw onex;
            }
            throw new Defect(cause);
        }
    }

    @Override
    public HandlerHealth health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("node", node.slug());
        details.put("spi_version", NodeCode.SPI_VERSION);
        details.put("breaker", breaker.state().name());
        details.put("failures", failures.sum());
        details.put("timeouts", timeouts.sum());
        details.put("runs_in_progress", maxRuns - runs.availablePermits());
        return breaker.state() == BreakerState.OPEN ? HandlerHealth.unhealthy(details)
                : HandlerHealth.healthy(details);
    }

    /** A failure of the code that is no {@link OnexException}: counted by the breaker, then answered. */
    private static final class Defect extends RuntimeException {
        Defect(Throwable cause) {
            super(null, cause, false, false);
        }
    }
}
