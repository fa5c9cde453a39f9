package io.onex.host.core.runtime;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerExecutionException;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.HandlerState;
import io.onex.host.api.HandlerType;
import io.onex.host.api.Invocation;
import io.onex.host.core.trace.EnvelopeTracer;
import io.onex.host.core.trace.HandlerCallSpan;
import io.onex.host.api.OnexException;
import io.onex.host.api.ServiceUnavailableException;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.HealthSpec;
import io.onex.host.core.resilience.BindingGuard;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A handler binding as the host runs it: the handler, its lifecycle state, its resilience guard,
 * and the guarantees the host gives every handler — {@code initialize} once, {@code shutdown}
 * exactly once, no {@code execute} after shutdown, and no raw exception out of {@code execute}.
 * While it is up, the host checks its dependency actively (see {@link BindingCheck}).
 */
public final class ManagedHandler {

    private final HandlerBinding binding;
    private final Handler handler;
    private final BindingGuard guard;
    private final AtomicReference<HandlerState> state = new AtomicReference<>(HandlerState.CREATED);
    private final AtomicInteger executing = new AtomicInteger();
    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final BindingCheck check;
    private final boolean neverWaits;
    private volatile ErrorCode lastError;

    ManagedHandler(HandlerBinding binding, Handler handler) {
        this(binding, handler, HealthSpec.DEFAULT_CHECK_INTERVAL);
    }

    /** Returns the managed handler of {@code binding}, checked actively every {@code checkInterval}. */
    ManagedHandler(HandlerBinding binding, Handler handler, Duration checkInterval) {
        this.binding = Objects.requireNonNull(binding, "binding");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.guard = BindingGuard.of(binding);
        this.check = new BindingCheck(binding.name(), this::activeCheck, checkInterval);
        this.neverWaits = !handler.blocking() && !guard.mayWait();
    }

    /**
     * Returns whether a call of this binding never waits: its handler says it never blocks
     * ({@link Handler#blocking()}) and its policies hold no retry, timeout or bulkhead. Such a
     * call may run on the thread that delivered its envelope.
     */
    boolean neverWaits() {
        return neverWaits;
    }

    /** Returns the resilience guard every call of this binding goes through. */
    public BindingGuard guard() {
        return guard;
    }

    /** Returns the binding this handler serves. */
    public HandlerBinding binding() {
        return binding;
    }

    /** Returns the binding name. */
    public String name() {
        return binding.name();
    }

    /** Returns the handler type. */
    public HandlerType type() {
        return binding.type();
    }

    /** Returns the lifecycle state. */
    public HandlerState state() {
        HandlerState current = state.get();
        return current == HandlerState.HEALTHY && executing.get() > 0 ? HandlerState.EXECUTING : current;
    }

    /** Returns the code of the last failure, if any call has failed. */
    public java.util.Optional<ErrorCode> lastError() {
        return java.util.Optional.ofNullable(lastError);
    }

    /** Returns how many calls were made and how many failed. */
    public long calls() {
        return calls.sum();
    }

    /** Returns how many calls failed. */
    public long failures() {
        return failures.sum();
    }

    /**
     * Returns the binding's health: the handler's own report, or an unhealthy one if asking fails,
     * joined with the latest active check when the handler has one (see {@link BindingCheck}):
     * healthy only when both are, the check's result under {@code check} in the details.
     */
    public HandlerHealth health() {
        HandlerHealth own;
        try {
            own = handler.health();
        } catch (RuntimeException e) {
            own = HandlerHealth.unhealthy(Map.of("error", "health check failed: " + e.getClass().getSimpleName()));
        }
        java.util.Optional<BindingCheck.Result> latest = check.latest();
        if (latest.isEmpty()) {
            return own;
        }
        HandlerHealth checked = latest.get().health();
        Map<String, Object> checkDetails = new LinkedHashMap<>();
        checkDetails.put("healthy", checked.healthy());
        checkDetails.put("checked_at", latest.get().checkedAt().toString());
        checkDetails.putAll(checked.details());
        Map<String, Object> details = new LinkedHashMap<>(own.details());
        details.put("check", checkDetails);
        return new HandlerHealth(own.healthy() && checked.healthy(), details);
    }

    /** The handler's active check, on the host's check thread; an exception fails the check. */
    private java.util.Optional<HandlerHealth> activeCheck() {
        java.util.Optional<HandlerHealth> result = handler.check();
        return result == null ? java.util.Optional.empty() : result;
    }

    void initialize() {
        if (!state.compareAndSet(HandlerState.CREATED, HandlerState.INITIALIZED)) {
            throw new IllegalStateException("handler '" + name() + "' is " + state.get() + ", not CREATED");
        }
        try {
            handler.initialize();
        } catch (OnexException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new HandlerExecutionException("handler '" + name() + "' failed to initialise ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        state.set(HandlerState.HEALTHY);
        check.start();
    }

    /**
     * Executes one call through the binding's resilience guard. Every failure comes back as an
     * {@link OnexException}: the guard's own (RATE_LIMITED, CIRCUIT_OPEN, TIMEOUT, OVERLOADED),
     * or the handler's after any retries, where a raw exception from the handler becomes
     * HANDLER_EXECUTION_ERROR naming only its class, since its message may hold anything.
     */
    Map<String, Object> execute(Invocation invocation) {
        return execute(EnvelopeTracer.NONE.start(invocation.envelope()).handlerCall(invocation, guard));
    }

    /** Executes the call of {@code span}, counting each of its attempts on the span. */
    Map<String, Object> execute(HandlerCallSpan span) {
        if (state.get() != HandlerState.HEALTHY) {
            // Before the guard: a handler that takes no calls is not a failing dependency, so
            // this is neither retried nor counted by the breaker.
            throw notTakingCalls();
        }
        try {
            // Without policies the guard only calls through: no call object for it then.
            return guard.passesThrough() ? attempt(span) : guard.call(() -> attempt(span));
        } catch (OnexException e) {
            lastError = e.code();
            throw e;
        }
    }

    /** One call of the handler itself: what the guard retries, times and counts. */
    private Map<String, Object> attempt(HandlerCallSpan span) {
        executing.incrementAndGet();
        try {
            span.attempted();
            if (state.get() != HandlerState.HEALTHY) {
                throw notTakingCalls();
            }
            calls.increment();
            Map<String, Object> result = handler.execute(span.invocation());
            return result == null ? Map.of() : result;
        } catch (OnexException e) {
            failures.increment();
            throw e;
        } catch (RuntimeException e) {
            failures.increment();
            throw new HandlerExecutionException("handler '" + name() + "' failed unexpectedly ("
                    + e.getClass().getSimpleName() + ")", e);
        } finally {
            executing.decrementAndGet();
        }
    }

    private ServiceUnavailableException notTakingCalls() {
        return new ServiceUnavailableException("handler '" + name() + "' is " + state.get() + " and takes no calls");
    }

    /** Shuts the handler down if it has not been already. Returns whether this call did it. */
    boolean shutdown() {
        HandlerState previous = state.getAndSet(HandlerState.SHUTDOWN);
        if (previous == HandlerState.SHUTDOWN) {
            return false;
        }
        check.stop();
        // Shut down whatever the state: even a handler whose initialisation failed half way may
        // hold something to release.
        handler.shutdown();
        return true;
    }
}
