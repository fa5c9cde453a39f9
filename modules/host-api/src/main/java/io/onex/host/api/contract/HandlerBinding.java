package io.onex.host.api.contract;

import io.onex.host.api.HandlerType;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One handler binding of a runtime host contract: a handler type, its name and its settings.
 * Bindings are unique by name; the name defaults to the type.
 *
 * @param type           the handler type
 * @param name           the binding name that node contracts refer to
 * @param enabled        whether the host builds this binding
 * @param required       whether readiness depends on this binding being healthy
 * @param timeout        the per-call timeout
 * @param retryPolicy    retries of retryable failures
 * @param rateLimitPerSecond the token-bucket rate limit
 * @param circuitBreaker the circuit breaker
 * @param bulkhead       the concurrency limit
 * @param config         the handler-type-specific settings; values are JSON-shaped or
 *                       {@link SecretRef}s, with {@code ${VAR}} already resolved
 */
public record HandlerBinding(
        HandlerType type,
        String name,
        boolean enabled,
        boolean required,
        Optional<Duration> timeout,
        Optional<RetryPolicy> retryPolicy,
        OptionalDouble rateLimitPerSecond,
        Optional<CircuitBreakerSpec> circuitBreaker,
        Optional<BulkheadSpec> bulkhead,
        Map<String, Object> config) {

    public HandlerBinding {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        Objects.requireNonNull(rateLimitPerSecond, "rateLimitPerSecond");
        Objects.requireNonNull(circuitBreaker, "circuitBreaker");
        Objects.requireNonNull(bulkhead, "bulkhead");
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** Returns an enabled, required binding of {@code type} named after it, with no policies. */
    public static HandlerBinding of(HandlerType type, Map<String, Object> config) {
        return new HandlerBinding(type, type.wireName(), true, true, Optional.empty(), Optional.empty(),
                OptionalDouble.empty(), Optional.empty(), Optional.empty(), config);
    }

    /**
     * Retry settings.
     *
     * @param maxRetries      retries after the first attempt
     * @param backoffStrategy how the wait grows
     * @param baseDelay       the first wait
     * @param maxDelay        the longest wait
     * @param jitter          the random fraction (0 to 1) added to or taken from each wait
     */
    public record RetryPolicy(int maxRetries, BackoffStrategy backoffStrategy, Duration baseDelay,
            Duration maxDelay, double jitter) {
        public RetryPolicy {
            Objects.requireNonNull(backoffStrategy, "backoffStrategy");
            Objects.requireNonNull(baseDelay, "baseDelay");
            Objects.requireNonNull(maxDelay, "maxDelay");
        }
    }

    /**
     * Circuit breaker settings.
     *
     * @param failureThreshold failures within the window that open the breaker
     * @param window           how many recent calls the breaker looks at
     * @param resetTimeout     how long the breaker stays open before it half-opens
     * @param successThreshold successes in the half-open state that close it again
     */
    public record CircuitBreakerSpec(int failureThreshold, int window, Duration resetTimeout, int successThreshold) {
        public CircuitBreakerSpec {
            Objects.requireNonNull(resetTimeout, "resetTimeout");
        }
    }

    /**
     * Bulkhead settings.
     *
     * @param maxConcurrent calls in progress at once
     * @param queue         calls that may wait for a slot
     */
    public record BulkheadSpec(int maxConcurrent, int queue) {
    }
}
