package io.onex.host.core.resilience;

import io.onex.host.api.contract.HandlerBinding.RetryPolicy;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The waits between retries of one guarded call: {@code base_delay_ms}, then (exponential) twice
 * the previous wait, never more than {@code max_delay_ms}, each moved by up to {@code jitter}
 * of itself either way and kept within {@code max_delay_ms}.
 *
 * <p>SmallRye's own jitter is a fixed number of milliseconds; the contract's is a fraction of
 * each wait, so the guard hands SmallRye this strategy and a jitter of zero. One instance serves
 * one call (SmallRye asks its supplier for a new one per call), so it may count.
 */
final class Backoff implements CustomBackoffStrategy {

    private final RetryPolicy policy;
    private final DoubleSupplier random;
    private int retries;

    Backoff(RetryPolicy policy, DoubleSupplier random) {
        this.policy = policy;
        this.random = random;
    }

    /** Returns a strategy whose jitter draws from the thread's own random generator. */
    static Backoff of(RetryPolicy policy) {
        return new Backoff(policy, () -> ThreadLocalRandom.current().nextDouble());
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        long delay = delayBeforeRetry(retries++);
        return policy.jitter() == 0 ? delay : jittered(delay);
    }

    /** Returns the wait before retry {@code index} (0 for the first), without jitter. */
    long delayBeforeRetry(int index) {
        long base = policy.baseDelay().toMillis();
        long max = policy.maxDelay().toMillis();
        return switch (policy.backoffStrategy()) {
            case FIXED -> Math.min(base, max);
            case EXPONENTIAL -> index >= 62 || base > (max >> Math.min(index, 62)) ? max : Math.min(max, base << index);
        };
    }

    private long jittered(long delay) {
        double factor = 1 + policy.jitter() * (2 * random.getAsDouble() - 1);
        return Math.max(0, Math.min(policy.maxDelay().toMillis(), Math.round(delay * factor)));
    }
}
