package io.onex.host.core.resilience;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What the resilience guard of one handler binding has seen, for health and metrics. Counters
 * only grow while the host runs.
 *
 * @param binding              the binding name
 * @param breaker              the circuit breaker's state, or empty when the binding has none
 * @param breakerOpenings      how many times the breaker opened
 * @param circuitOpenRejections calls answered CIRCUIT_OPEN (including retries the breaker stopped)
 * @param calls                calls that passed the rate limit (each counted once, however often retried)
 * @param retries              attempts after the first, over all calls
 * @param timeouts             attempts that ran past {@code timeout_ms}
 * @param rateLimitedRejections calls answered RATE_LIMITED by the binding's rate limit
 * @param bulkheadRejections   attempts answered OVERLOADED by the bulkhead
 * @param inFlight             calls inside the guard now, waiting between retries included
 * @param timeoutMillis        the per-attempt timeout, if any
 * @param rateLimitPerSecond   the rate limit, if any
 */
public record BindingGuardStats(
        String binding,
        Optional<BreakerState> breaker,
        long breakerOpenings,
        long circuitOpenRejections,
        long calls,
        long retries,
        long timeouts,
        long rateLimitedRejections,
        long bulkheadRejections,
        int inFlight,
        OptionalLong timeoutMillis,
        OptionalDouble rateLimitPerSecond) {

    public BindingGuardStats {
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(breaker, "breaker");
        Objects.requireNonNull(timeoutMillis, "timeoutMillis");
        Objects.requireNonNull(rateLimitPerSecond, "rateLimitPerSecond");
    }
}
