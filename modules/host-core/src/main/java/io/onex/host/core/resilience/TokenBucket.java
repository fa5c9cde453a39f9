package io.onex.host.core.resilience;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A token bucket: admits calls at a steady rate and lets a burst of up to one second's worth of
 * tokens (at least one), or a burst of a given size, through after a quiet spell.
 *
 * <p>SmallRye's rate limit counts whole invocations per time window; a contract's
 * {@code rate_limit_per_second} is a token bucket and may be fractional ({@code 0.5} is one call
 * every two seconds), so the bucket is kept here. It is the generic cell rate algorithm: the
 * whole state is one "theoretical arrival time", advanced by one token's interval per admitted
 * call with a compare-and-set, so admitting a call takes no lock and allocates nothing.
 */
public final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final double ratePerSecond;
    private final long intervalNanos;
    private final long toleranceNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong theoreticalArrival;

    private TokenBucket(double ratePerSecond, double burst, LongSupplier nanoTime) {
        if (!(ratePerSecond > 0) || Double.isNaN(ratePerSecond)) {
            throw new IllegalArgumentException("a rate must be positive, not " + ratePerSecond);
        }
        if (!(burst >= 1)) {
            throw new IllegalArgumentException("a burst must be at least 1, not " + burst);
        }
        this.ratePerSecond = ratePerSecond;
        this.nanoTime = nanoTime;
        double interval = NANOS_PER_SECOND / ratePerSecond;
        // Capped far below overflow: a bucket that large admits everything anyway.
        this.intervalNanos = (long) Math.min(interval, Long.MAX_VALUE / 4d);
        this.toleranceNanos = (long) Math.min((burst - 1) * interval, Long.MAX_VALUE / 4d);
        this.theoreticalArrival = new AtomicLong(nanoTime.getAsLong());
    }

    /** Returns a bucket refilled at {@code ratePerSecond} tokens a second, full at first. */
    static TokenBucket perSecond(double ratePerSecond, LongSupplier nanoTime) {
        return new TokenBucket(ratePerSecond, Math.max(1, Math.floor(ratePerSecond)), nanoTime);
    }

    /**
     * Returns a bucket refilled at {@code ratePerSecond} tokens a second that holds at most
     * {@code burst} tokens, full at first.
     */
    public static TokenBucket perSecond(double ratePerSecond, int burst, LongSupplier nanoTime) {
        return new TokenBucket(ratePerSecond, burst, nanoTime);
    }

    /** Takes one token if there is one; returns whether it did. */
    public boolean tryAcquire() {
        long now = nanoTime.getAsLong();
        while (true) {
            long arrival = theoreticalArrival.get();
            long start = arrival - now > 0 ? arrival : now;
            if (start - now > toleranceNanos) {
                return false;
            }
            if (theoreticalArrival.compareAndSet(arrival, start + intervalNanos)) {
                return true;
            }
        }
    }

    /** Returns the refill rate in tokens per second. */
    public double ratePerSecond() {
        return ratePerSecond;
    }
}
