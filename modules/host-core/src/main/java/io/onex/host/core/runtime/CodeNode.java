package io.onex.host.core.runtime;

import io.onex.host.api.Envelope;
import io.onex.host.api.HandlerExecutionException;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.Invocation;
import io.onex.host.api.NodeCode;
import io.onex.host.api.OnexException;
import io.onex.host.api.OnexTimeoutException;
import io.onex.host.api.OverloadedException;
import io.onex.host.api.contract.HostedNode;
import io.onex.host.core.resilience.BreakerState;
import io.onex.host.core.resilience.CodeBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.core.HandlerRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs one code node's {@link NodeCode} for the handler of the node's own operations
 * ({@code io.onex.host.core.code.CodeNodeHandler}), so that its envelopes take the same path as
 * any other: the node's limits, its meter, one answer.
 *
 * <p>Each request runs on a virtual thread of its own ({@link CodeRun}), which the envelope's thread waits for until
 * the request's deadline: past it, the envelope is answered TIMEOUT and the code's thread is
 * interrupted. Code that does not stop when interrupted (a loop that never looks) keeps one of the
 * node's own run places until it ends; when all of them are held so, the node answers OVERLOADED
 * and no other node loses anything. A raw exception is answered HANDLER_EXECUTION_ERROR naming only
 * its class; failures count against the node's own circuit breaker ({@link CodeBreaker}).
 */
public final class CodeNode {

    /** The deadline of a request without a time-to-live. */
    static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);
    /** How many runs of a node may be live at once when its contract sets no {@code limits.max_concurrent}. */
    static final int DEFAULT_RUNS = 64;

    private final HostedNode node;
    private final NodeCode code;
    private final CodeBreaker breaker;
    private volatile Clock clock = Clock.systemUTC();
    private final int maxRuns;
    private final Semaphore runs;
    private final LongAdder failures = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private volatile CodeContext.Host host;

    private CodeNode(HostedNode node, NodeCode code) {
        this.node = node;
        this.code = code;
        this.breaker = CodeBreaker.of(node.slug(), CodeBreaker.DEFAULT);
        this.maxRuns = node.limits().maxConcurrent().orElse(DEFAULT_RUNS);
        this.runs = new Semaphore(maxRuns);
    }

    /** Gives the node the host it calls through and the host's clock; set once, before the host starts. */
    void attach(CodeContext.Host value, Clock hostClock) {
        this.host = value;
        this.clock = hostClock;
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

    /**
     * Runs the code for one request routed to the node; what its handler's {@code execute} does.
     *
     * @throws OnexException the code's error, TIMEOUT past the deadline, CIRCUIT_OPEN, OVERLOADED,
     *                       or HANDLER_EXECUTION_ERROR for any other failure
     */
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
        try {
            Map<String, Object> result = CodeRun.start(node.slug(), () -> code.handle(request, context), runs::release)
                    .await(deadline, clock);
            return result == null ? Map.of() : result;
        } catch (CodeRun.Overrun e) {
            timeouts.increment();
            throw new OnexTimeoutException("the code of node '" + node.slug() + "' did not answer before the"
                    + " envelope's deadline (" + deadline + "); it was interrupted");
        } catch (CodeRun.Failed e) {
            if (e.getCause() instanceof OnexException onex) {
                throw onex;
            }
            throw new Defect(e.getCause());
        }
    }

    /** Returns the node's health: its circuit's state and its failure counts; unhealthy while the circuit is open. */
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

    /**
     * Builds the code of every code node of {@code contract}, with the code {@code registry}
     * registered for it, in contract order. The composition root gives each to the host with the
     * handler that serves it ({@link RuntimeHostProcess.Builder#codeNode}).
     *
     * @throws ProtocolConfigurationException when a code node has no code
     */
    public static List<CodeNode> of(RuntimeContract contract, HandlerRegistry registry) {
        List<CodeNode> nodes = new ArrayList<>();
        for (HostedNode node : contract.nodes()) {
            if (!node.contract().code()) {
                continue;
            }
            Supplier<? extends NodeCode> supplier = registry.nodes().get(node.contract().name());
            NodeCode code = supplier == null ? null : supplier.get();
            if (code == null) {
                throw new ProtocolConfigurationException("node '" + node.contract().name() + "' has no code: "
                        + (supplier == null ? "none is registered" : "its registered supplier returned none"));
            }
            nodes.add(new CodeNode(node, code));
        }
        return nodes;
    }

    /**
     * Returns the binding that serves this node's operations: no retries (code is not known to be
     * idempotent), no timeout (the deadline is the request's) and not required (a failing node
     * must not take the host out of readiness).
     */
    public HandlerBinding binding() {
        return new HandlerBinding(CodeNodes.TYPE, CodeNodes.bindingName(node.slug()), true, false, Optional.empty(),
                Optional.empty(), OptionalDouble.empty(), Optional.empty(), Optional.empty(), Map.of());
    }

    /** Returns the node this code serves. */
    public HostedNode node() {
        return node;
    }

    /** A failure of the code that is no {@link OnexException}: counted by the breaker, then answered. */
    private static final class Defect extends RuntimeException {
        Defect(Throwable cause) {
            super(null, cause, false, false);
        }
    }
}
