package io.onex.host.core.resilience;

import io.onex.host.api.CircuitOpenException;
import io.onex.host.api.HandlerExecutionException;
import io.onex.host.api.OnexException;
import io.onex.host.api.OnexTimeoutException;
import io.onex.host.api.OverloadedException;
import io.onex.host.api.RateLimitedException;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.HandlerBinding.BulkheadSpec;
import io.onex.host.api.contract.HandlerBinding.RetryPolicy;
import io.smallrye.faulttolerance.api.Guard;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * The resilience guard of one handler binding: the host calls the handler through it, and the
 * handler never knows. It applies, from the outside in:
 *
 * <ol>
 *   <li>{@code rate_limit_per_second}: a token per envelope, else RATE_LIMITED at once;</li>
 *   <li>{@code retry_policy}: retryable failures ({@link OnexException#retryable()}: CONNECTION_ERROR,
 *       TIMEOUT, SERVICE_UNAVAILABLE and whatever a handler marks retryable, such as an HTTP 5xx)
 *       are tried again after a backoff; nothing else is. The wait happens on the envelope's own
 *       virtual thread, outside the bulkhead and the handler, so it holds no bus poll loop, no
 *       bulkhead slot and no connection;</li>
 *   <li>{@code circuit_breaker}: per attempt; an open breaker answers CIRCUIT_OPEN without
 *       touching the dependency, which also ends the retries;</li>
 *   <li>{@code timeout_ms}: per attempt; the call is interrupted and answered TIMEOUT;</li>
 *   <li>{@code bulkhead}: per attempt; at most {@code max_concurrent} calls run, {@code queue}
 *       more wait, any further call is answered OVERLOADED at once.</li>
 * </ol>
 *
 * <p>Retry, timeout and bulkhead are SmallRye Fault Tolerance's; the rate limit and the breaker
 * are this package's own ({@link TokenBucket} and {@link CircuitBreaker} say why). What comes
 * out is always an {@link OnexException}. A binding with no policies calls straight through.
 */
public final class BindingGuard {

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Class<Map<String, Object>> RESULT = (Class) Map.class;
    // Retries are bounded by count; SmallRye's default cap on their total duration (3 minutes)
    // would cut a generous policy short, so it is set out of reach.
    private static final long RETRY_MAX_DURATION_DAYS = 1;

    private final HandlerBinding binding;
    private final String name;
    private final TokenBucket rateLimit;
    private final CircuitBreaker breaker;
    private final Guard retry;
    private final Guard attempt;
    private final long timeoutMillis;
    private final int bulkheadLimit;
    private final int bulkheadQueue;
    private final boolean passThrough;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder calls = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder overloaded = new LongAdder();

    private BindingGuard(HandlerBinding binding, LongSupplier nanoTime) {
        this.binding = binding;
        this.name = binding.name();
        this.rateLimit = binding.rateLimitPerSecond().isPresent()
                ? TokenBucket.perSecond(binding.rateLimitPerSecond().getAsDouble(), nanoTime) : null;
        this.breaker = binding.circuitBreaker().map(spec -> new CircuitBreaker(spec, nanoTime)).orElse(null);
        this.timeoutMillis = binding.timeout().map(Duration::toMillis).orElse(0L);
        this.bulkheadLimit = binding.bulkhead().map(BulkheadSpec::maxConcurrent).orElse(0);
        this.bulkheadQueue = binding.bulkhead().map(BulkheadSpec::queue).orElse(0);
        boolean smallRye = binding.retryPolicy().isPresent() || timeoutMillis > 0 || bulkheadLimit > 0;
        if (smallRye) {
            SmallRyeSetup.ensureConfigured();
        }
        this.retry = binding.retryPolicy().map(this::retryGuard).orElse(null);
        this.attempt = timeoutMillis > 0 || bulkheadLimit > 0 ? attemptGuard() : null;
        this.passThrough = rateLimit == null && breaker == null && retry == null && attempt == null;
    }

    /** Returns the guard of {@code binding}'s policies. */
    public static BindingGuard of(HandlerBinding binding) {
        return new BindingGuard(Objects.requireNonNull(binding, "binding"), System::nanoTime);
    }

    /** Returns a guard whose rate limit and breaker read time from {@code nanoTime}, for tests. */
    static BindingGuard of(HandlerBinding binding, LongSupplier nanoTime) {
        return new BindingGuard(binding, nanoTime);
    }

    private Guard retryGuard(RetryPolicy policy) {
        return Guard.create()
                .withDescription("binding " + name + " retry")
                .withRetry()
                .maxRetries(policy.maxRetries())
                .delay(policy.baseDelay().toMillis(), ChronoUnit.MILLIS)
                .jitter(0, ChronoUnit.MILLIS)
                .maxDuration(RETRY_MAX_DURATION_DAYS, ChronoUnit.DAYS)
                .whenException(BindingGuard::retryable)
                .onRetry(retries::increment)
                .withCustomBackoff().strategy(() -> Backoff.of(policy)).done()
                .done()
                .build();
    }

    private Guard attemptGuard() {
        Guard.Builder builder = Guard.create().withDescription("binding " + name);
        if (timeoutMillis > 0) {
            builder.withTimeout().duration(timeoutMillis, ChronoUnit.MILLIS).done();
        }
        if (bulkheadLimit > 0) {
            Guard.Builder.BulkheadBuilder bulkhead = builder.withBulkhead().limit(bulkheadLimit);
            if (bulkheadQueue > 0) {
                // Callers wait on their own virtual threads; without this, SmallRye queues only
                // asynchronous calls.
                bulkhead.queueSize(bulkheadQueue).enableSynchronousQueueing();
            }
            bulkhead.done();
        }
        return builder.build();
    }

    private static boolean retryable(Throwable failure) {
        return failure instanceof OnexException e && e.retryable();
    }

    /**
     * Calls the handler through the guard and returns its result.
     *
     * @param call the handler call; it throws only {@link OnexException}s
     * @throws OnexException the handler's error after any retries, or the guard's own:
     *                       RATE_LIMITED, CIRCUIT_OPEN, TIMEOUT, OVERLOADED
     */
    public Map<String, Object> call(Supplier<Map<String, Object>> call) {
        if (passThrough) {
            return call.get();
        }
        if (rateLimit != null && !rateLimit.tryAcquire()) {
            rateLimited.increment();
            throw new RateLimitedException("binding '" + name + "' is limited to "
                    + Rates.format(rateLimit.ratePerSecond())
                    + " calls per second (rate_limit_per_second); try again later");
        }
        inFlight.incrementAndGet();
        calls.increment();
        try {
            if (retry == null) {
                return attempt(call);
            }
            return retry.call(() -> attempt(call), RESULT);
        } catch (OnexException e) {
            throw e;
        } catch (Exception e) {
            // attempt() lets only OnexExceptions out; anything else is a defect of the guard.
            throw new HandlerExecutionException("the resilience guard of binding '" + name + "' failed ("
                    + e.getClass().getSimpleName() + ")", e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** One attempt: through the breaker, then the timeout and the bulkhead, to the handler. */
    private Map<String, Object> attempt(Supplier<Map<String, Object>> call) {
        long permit = 0;
        if (breaker != null) {
            permit = breaker.acquire();
            if (permit == CircuitBreaker.REJECTED) {
                throw new CircuitOpenException("the circuit breaker of binding '" + name + "' is open after "
                        + breaker.spec().failureThreshold() + " failures in its last " + breaker.spec().window()
                        + " calls; the dependency was not called. A trial call goes through "
                        + breaker.resetTimeoutMillis() + " ms after it opened");
            }
        }
        try {
            Map<String, Object> result = attempt == null ? call.get() : attempt.call(adapt(call), RESULT);
            if (breaker != null) {
                breaker.onSuccess(permit);
            }
            return result;
        } catch (Exception e) {
            OnexException error = translate(e);
            if (breaker != null) {
                if (error instanceof OverloadedException) {
                    breaker.onIgnored(permit);
                } else if (error.retryable()) {
                    breaker.onFailure(permit);
                } else {
                    // The dependency answered, with an error a retry would not fix: it is up.
                    breaker.onSuccess(permit);
                }
            }
            throw error;
        }
    }

    private static Callable<Map<String, Object>> adapt(Supplier<Map<String, Object>> call) {
        return call::get;
    }

    private OnexException translate(Exception failure) {
        return switch (failure) {
            case OnexException e -> e;
            case TimeoutException e -> {
                timeouts.increment();
                yield new OnexTimeoutException("binding '" + name + "' did not answer within " + timeoutMillis
                        + " ms (timeout_ms)", e);
            }
            case BulkheadException e -> {
                overloaded.increment();
                yield new OverloadedException("binding '" + name + "' is at its limit of " + bulkheadLimit
                        + " calls in progress" + (bulkheadQueue > 0 ? " and " + bulkheadQueue + " waiting" : "")
                        + " (bulkhead); try again later", e);
            }
            default -> new HandlerExecutionException("the resilience guard of binding '" + name + "' failed ("
                    + failure.getClass().getSimpleName() + ")", failure);
        };
    }

    /**
     * Returns whether a call through this guard may wait or be interrupted by the guard itself:
     * a retry's backoff, a timeout (which interrupts the calling thread) or a bulkhead. A guard
     * of only a rate limit and a circuit breaker answers at once.
     */
    public boolean mayWait() {
        return retry != null || attempt != null;
    }

    /** Returns whether the binding has no policies, so that {@link #call} only calls through. */
    public boolean passesThrough() {
        return passThrough;
    }

    /** Returns the binding whose policies this guard applies. */
    public HandlerBinding binding() {
        return binding;
    }

    /** Returns the breaker's state, or empty when the binding has no circuit breaker. */
    public Optional<BreakerState> breakerState() {
        return breaker == null ? Optional.empty() : Optional.of(breaker.state());
    }

    /** Returns what the guard has counted so far; cheap enough for every metrics scrape. */
    public BindingGuardStats snapshot() {
        return new BindingGuardStats(name, breakerState(),
                breaker == null ? 0 : breaker.openings(),
                breaker == null ? 0 : breaker.rejections(),
                calls.sum(), retries.sum(), timeouts.sum(), rateLimited.sum(), overloaded.sum(), inFlight.get(),
                timeoutMillis > 0 ? OptionalLong.of(timeoutMillis) : OptionalLong.empty(),
                rateLimit == null ? OptionalDouble.empty() : OptionalDouble.of(rateLimit.ratePerSecond()));
    }
}
