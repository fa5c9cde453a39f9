package io.onex.host.core.resilience;

import io.onex.host.api.contract.HandlerBinding.CircuitBreakerSpec;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A count-based circuit breaker: it opens as soon as {@code failure_threshold} of the last
 * {@code window} calls failed, answers every call at once while open, lets up to
 * {@code success_threshold} trial calls through once {@code reset_timeout_ms} has passed, and
 * closes when that many trials succeed (one failed trial opens it again).
 *
 * <p>SmallRye's breaker follows MicroProfile: it judges only full windows, so with the default
 * threshold 5 in a window of 10 it lets ten calls fail before it opens. The contract promises
 * that the breaker opens on the call that reaches the threshold, hence this class.
 *
 * <p>A call takes a permit from {@link #acquire()} and hands it back with its outcome. A permit
 * carries the generation it was taken in, so a slow call that ends after the breaker changed
 * state cannot disturb the state it no longer belongs to.
 */
final class CircuitBreaker {

    /** What {@link #acquire()} returns when the call may not go through. */
    static final long REJECTED = -1;

    private final CircuitBreakerSpec spec;
    private final long resetNanos;
    private final LongSupplier nanoTime;
    private final boolean[] window;

    private volatile BreakerState state = BreakerState.CLOSED;
    // Written under this lock; volatile so that a closed breaker's permit needs no lock.
    private volatile long generation;
    // Guarded by this.
    private int next;
    private int recorded;
    private int failures;
    private long openedAt;
    private int trialsInFlight;
    private int trialSuccesses;
    private long openings;
    private long rejections;

    CircuitBreaker(CircuitBreakerSpec spec, LongSupplier nanoTime) {
        this.spec = spec;
        this.resetNanos = spec.resetTimeout().toNanos();
        this.nanoTime = nanoTime;
        this.window = new boolean[spec.window()];
    }

    /**
     * Returns a permit for one call, or {@link #REJECTED} while the breaker is open (or half open
     * with every trial slot taken).
     */
    long acquire() {
        // The common case takes no lock: a closed breaker lets every call through. The generation
        // is read first, so a permit taken across a change of state is stale and not counted.
        long current = generation;
        if (state == BreakerState.CLOSED) {
            return permit(current, false);
        }
        synchronized (this) {
            switch (state) {
                case CLOSED -> {
                    return permit(generation, false);
                }
                case OPEN -> {
                    if (nanoTime.getAsLong() - openedAt < resetNanos) {
                        rejections++;
                        return REJECTED;
                    }
                    transition(BreakerState.HALF_OPEN);
                    return trial();
                }
                case HALF_OPEN -> {
                    return trial();
                }
            }
        }
        throw new AssertionError("unreachable");
    }

    private long trial() {
        if (trialsInFlight + trialSuccesses >= spec.successThreshold()) {
            rejections++;
            return REJECTED;
        }
        trialsInFlight++;
        return permit(generation, true);
    }

    private static long permit(long generation, boolean trial) {
        return generation << 1 | (trial ? 1 : 0);
    }

    /** Records that the call of {@code permit} reached the dependency and it answered. */
    void onSuccess(long permit) {
        record(permit, Outcome.SUCCESS);
    }

    /** Records that the dependency failed the call of {@code permit}. */
    void onFailure(long permit) {
        record(permit, Outcome.FAILURE);
    }

    /** Returns the permit of a call that says nothing about the dependency, e.g. a bulkhead rejection. */
    void onIgnored(long permit) {
        record(permit, Outcome.IGNORED);
    }

    private enum Outcome {
        SUCCESS,
        FAILURE,
        IGNORED
    }

    private synchronized void record(long permit, Outcome outcome) {
        if (permit == REJECTED || permit >>> 1 != generation) {
            return;
        }
        boolean trial = (permit & 1) == 1;
        if (trial) {
            trialsInFlight--;
            switch (outcome) {
                case FAILURE -> transition(BreakerState.OPEN);
                case SUCCESS -> {
                    if (++trialSuccesses >= spec.successThreshold()) {
                        transition(BreakerState.CLOSED);
                    }
                }
                case IGNORED -> {
                }
            }
            return;
        }
        if (outcome == Outcome.IGNORED || state != BreakerState.CLOSED) {
            return;
        }
        boolean failed = outcome == Outcome.FAILURE;
        if (recorded == window.length && window[next]) {
            failures--;
        }
        window[next] = failed;
        next = (next + 1) % window.length;
        recorded = Math.min(recorded + 1, window.length);
        if (failed && ++failures >= spec.failureThreshold()) {
            transition(BreakerState.OPEN);
        }
    }

    private void transition(BreakerState to) {
        generation++;
        next = 0;
        recorded = 0;
        failures = 0;
        trialsInFlight = 0;
        trialSuccesses = 0;
        if (to == BreakerState.OPEN) {
            openedAt = nanoTime.getAsLong();
            openings++;
        }
        state = to;
    }

    /**
     * Returns the state as a caller would find it now: an open breaker whose reset timeout has
     * passed reports HALF_OPEN, since the next call will be let through as a trial.
     */
    BreakerState state() {
        BreakerState current = state;
        if (current == BreakerState.OPEN) {
            synchronized (this) {
                if (state == BreakerState.OPEN && nanoTime.getAsLong() - openedAt >= resetNanos) {
                    return BreakerState.HALF_OPEN;
                }
                return state;
            }
        }
        return current;
    }

    /** Returns how many times the breaker has opened. */
    synchronized long openings() {
        return openings;
    }

    /** Returns how many calls the breaker refused. */
    synchronized long rejections() {
        return rejections;
    }

    /** Returns how long the breaker stays open before it lets a trial call through. */
    long resetTimeoutMillis() {
        return TimeUnit.NANOSECONDS.toMillis(resetNanos);
    }

    /** Returns the breaker's settings. */
    CircuitBreakerSpec spec() {
        return spec;
    }
}
