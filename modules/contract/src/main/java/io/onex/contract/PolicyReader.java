package io.onex.contract;

import io.onex.host.api.contract.BackoffStrategy;
import io.onex.host.api.contract.HandlerBinding.BulkheadSpec;
import io.onex.host.api.contract.HandlerBinding.CircuitBreakerSpec;
import io.onex.host.api.contract.HandlerBinding.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads the resilience policies of a handler binding: retry, circuit breaker and bulkhead. */
final class PolicyReader {

    static final List<String> RETRY_KEYS = List.of("max_retries", "backoff_strategy", "base_delay_ms", "max_delay_ms",
            "jitter");
    static final List<String> BREAKER_KEYS = List.of("failure_threshold", "window", "reset_timeout_ms",
            "success_threshold");
    static final List<String> BULKHEAD_KEYS = List.of("max_concurrent", "queue");

    private static final int MAX = Integer.MAX_VALUE;

    private PolicyReader() {
    }

    static Optional<RetryPolicy> retry(Fields binding) {
        return binding.mapping("retry_policy", RETRY_KEYS).map(retry -> {
            int maxRetries = retry.integer("max_retries", 3, 0, 100);
            BackoffStrategy strategy = retry.choice("backoff_strategy", "backoff strategy", BackoffStrategy.wireNames(),
                    BackoffStrategy::fromWireName, Optional.empty()).orElse(BackoffStrategy.EXPONENTIAL);
            int base = retry.integer("base_delay_ms", 100, 1, MAX);
            int max = retry.integer("max_delay_ms", Math.max(5_000, base), 1, MAX);
            double jitter = retry.number("jitter", 0, false, 1).orElse(0.2);
            if (max < base) {
                retry.context().problems().error(retry.keyNode("max_delay_ms").orElse(retry.node()),
                        retry.label("max_delay_ms") + " (" + max + ") must not be less than base_delay_ms (" + base + ")",
                        List.of(), "raise max_delay_ms to at least " + base + ", or lower base_delay_ms");
            }
            retry.finish();
            return new RetryPolicy(maxRetries, strategy, Duration.ofMillis(base), Duration.ofMillis(Math.max(max, base)),
                    jitter);
        });
    }

    static Optional<CircuitBreakerSpec> circuitBreaker(Fields binding) {
        return binding.mapping("circuit_breaker", BREAKER_KEYS).map(breaker -> {
            int threshold = breaker.integer("failure_threshold", 5, 1, MAX);
            int window = breaker.integer("window", Math.max(10, threshold), 1, MAX);
            int reset = breaker.integer("reset_timeout_ms", 5_000, 1, MAX);
            int successes = breaker.integer("success_threshold", 1, 1, MAX);
            if (window < threshold) {
                breaker.context().problems().error(breaker.keyNode("window").orElse(breaker.node()),
                        breaker.label("window") + " (" + window + ") must not be less than failure_threshold ("
                                + threshold + "): the breaker could never open",
                        List.of(), "raise window to at least " + threshold + ", or lower failure_threshold");
            }
            breaker.finish();
            return new CircuitBreakerSpec(threshold, Math.max(window, threshold), Duration.ofMillis(reset), successes);
        });
    }

    static Optional<BulkheadSpec> bulkhead(Fields binding) {
        return binding.mapping("bulkhead", BULKHEAD_KEYS).map(bulkhead -> {
            int maxConcurrent = bulkhead.integer("max_concurrent", 64, 1, MAX);
            int queue = bulkhead.integer("queue", 256, 0, MAX);
            bulkhead.finish();
            return new BulkheadSpec(maxConcurrent, queue);
        });
    }
}
