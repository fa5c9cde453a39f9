package io.onex.host.core.resilience;

import io.onex.host.api.CircuitOpenException;
import io.onex.host.api.OnexException;
import io.onex.host.api.contract.HandlerBinding.CircuitBreakerSpec;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The circuit breaker of one code node: the same breaker a binding has, counting the node's own
 * failures. A failure is what a retry could help or what the code did not mean: an exception that
 * is no {@link OnexException}, a deadline overrun, a retryable error; an error the code throws on
 * purpose (a validation error, say) shows the node works and counts as a success.
 */
public final class CodeBreaker {

    /** The breaker of a code node: opens after 5 failures in its last 10 runs, half-opens after 30 s. */
    public static final CircuitBreakerSpec DEFAULT = new CircuitBreakerSpec(5, 10, Duration.ofSeconds(30), 1);

    private final String node;
    private final CircuitBreaker breaker;

    private CodeBreaker(String node, CircuitBreakerSpec spec) {
        this.node = node;
        this.breaker = new CircuitBreaker(spec, System::nanoTime);
    }

    /** Returns the breaker of node {@code node}. */
    public static CodeBreaker of(String node, CircuitBreakerSpec spec) {
        return new CodeBreaker(node, spec);
    }

    /**
     * Runs {@code run} through the breaker.
     *
     * @throws CircuitOpenException when the breaker is open: {@code run} is not called
     */
    public <T> T call(Supplier<T> run) {
        long permit = breaker.acquire();
        if (permit == CircuitBreaker.REJECTED) {
            throw new CircuitOpenException("the circuit breaker of node '" + node + "' is open after "
                    + breaker.spec().failureThreshold() + " failures of its code in its last " + breaker.spec().window()
                    + " envelopes; its code was not run. A trial envelope goes through " + breaker.resetTimeoutMillis()
                    + " ms after it opened");
        }
        try {
            T result = run.get();
            breaker.onSuccess(permit);
            return result;
        } catch (OnexException e) {
            if (e.retryable()) {
                breaker.onFailure(permit);
            } else {
                breaker.onSuccess(permit);
            }
            throw e;
        } catch (RuntimeException | Error e) {
            breaker.onFailure(permit);
            throw e;
        }
    }

    /** Returns the breaker's state. */
    public BreakerState state() {
        return breaker.state();
    }

    /** Returns how many times the breaker has opened. */
    public long openings() {
        return breaker.openings();
    }
}
