package io.onex.host.core.resilience;

import io.onex.host.api.HandlerType;
import io.onex.host.api.contract.BackoffStrategy;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.HandlerBinding.BulkheadSpec;
import io.onex.host.api.contract.HandlerBinding.CircuitBreakerSpec;
import io.onex.host.api.contract.HandlerBinding.RetryPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Builds handler bindings with resilience policies for tests, one policy at a time (public for the host tests). */
public record Policies(Optional<Duration> timeout, Optional<RetryPolicy> retry, OptionalDouble rate,
        Optional<CircuitBreakerSpec> breaker, Optional<BulkheadSpec> bulkhead) {

    public static Policies none() {
        return new Policies(Optional.empty(), Optional.empty(), OptionalDouble.empty(), Optional.empty(),
                Optional.empty());
    }

    public Policies timeoutMillis(long millis) {
        return new Policies(Optional.of(Duration.ofMillis(millis)), retry, rate, breaker, bulkhead);
    }

    public Policies retry(int maxRetries, BackoffStrategy strategy, long baseMillis, long maxMillis, double jitter) {
        return new Policies(timeout, Optional.of(new RetryPolicy(maxRetries, strategy, Duration.ofMillis(baseMillis),
                Duration.ofMillis(maxMillis), jitter)), rate, breaker, bulkhead);
    }

    public Policies rate(double perSecond) {
        return new Policies(timeout, retry, OptionalDouble.of(perSecond), breaker, bulkhead);
    }

    public Policies breaker(int threshold, int window, long resetMillis, int successes) {
        return new Policies(timeout, retry, rate, Optional.of(new CircuitBreakerSpec(threshold, window,
                Duration.ofMillis(resetMillis), successes)), bulkhead);
    }

    public Policies bulkhead(int maxConcurrent, int queue) {
        return new Policies(timeout, retry, rate, breaker, Optional.of(new BulkheadSpec(maxConcurrent, queue)));
    }

    public HandlerBinding binding(String name) {
        return new HandlerBinding(HandlerType.of("local"), name, true, true, timeout, retry, rate, breaker, bulkhead,
                Map.of());
    }
}
