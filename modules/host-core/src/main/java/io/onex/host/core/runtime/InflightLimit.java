package io.onex.host.core.runtime;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The host's one in-flight limit ({@code event_bus.backpressure.max_inflight_envelopes}), the same
 * for every bus: a flight holds a slot from when it is taken up until it is settled, except while
 * it waits in its node's queue. When every slot is taken, the delivering thread waits, which holds
 * the bus back. Once a shutdown's grace period has run out, nobody waits for a slot any more.
 */
final class InflightLimit {

    private static final long WAIT_MILLIS = 100;

    private final int max;
    private final Semaphore slots;
    private volatile boolean expired;

    InflightLimit(int max) {
        this.max = max;
        this.slots = new Semaphore(max);
    }

    /**
     * Gives {@code flight} a slot, waiting for one if need be; returns {@code false} (and gives
     * none) only once the grace period has run out or the waiting thread was interrupted.
     */
    boolean take(Flight flight) {
        if (!acquire()) {
            return false;
        }
        flight.holdPermit();
        return true;
    }

    private boolean acquire() {
        if (!expired && slots.tryAcquire()) {
            // A free slot, the common case: taken without the timed wait's interrupt check and bookkeeping.
            return true;
        }
        while (!expired) {
            try {
                if (slots.tryAcquire(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Frees the slot of {@code flight}, if it holds one. */
    void release(Flight flight) {
        if (flight.dropPermit()) {
            slots.release();
        }
    }

    /**
     * Gives a slot again to a flight that gave its own back (to wait in its node's queue); returns
     * {@code false} when the host gave up on the flight meanwhile (it was answered, or the grace
     * period ran out).
     */
    boolean retake(Flight flight) {
        if (flight.answered() || !take(flight)) {
            return false;
        }
        if (flight.answered()) {
            // Answered while this slot was being taken: whoever settles first frees it.
            release(flight);
            return false;
        }
        return true;
    }

    /** From now on nobody waits for a slot: a shutdown's grace period ran out. */
    void expire() {
        expired = true;
    }

    int max() {
        return max;
    }

    /** Returns how many slots are taken now. */
    int taken() {
        return max - slots.availablePermits();
    }
}
