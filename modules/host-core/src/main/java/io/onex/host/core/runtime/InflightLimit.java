package io.onex.host.core.runtime;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The host's one in-flight limit ({@code event_bus.backpressure.max_inflight_envelopes}), the same
 * for every bus: a flight holds a slot from when it is taken up until it is settled, except while
 * it waits in its node's queue. When every slot is taken, the delivering thread waits, which holds
 * the bus back. Once a shutdown's grace period has run out, nobody waits for a slot any more.
 *
 * <p>Taking and freeing a slot is one atomic update. A delivering thread that found every slot
 * taken is woken once a quarter of them are free again, not at every freed slot, so that a full
 * host does not pay a thread wake-up per envelope; it also looks again every
 * {@link #RECHECK_NANOS}, so a single freed slot is taken within that time when the rest stay busy.
 */
final class InflightLimit {

    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final int max;
    private final int wakeAt;
    private final AtomicInteger taken = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private volatile int waiting;
    private volatile boolean expired;

    InflightLimit(int max) {
        this.max = max;
        this.wakeAt = max - Math.max(1, max / 4);
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

    private boolean tryAcquire() {
        for (int current = taken.get(); current < max; current = taken.get()) {
            if (taken.compareAndSet(current, current + 1)) {
                return true;
            }
        }
        return false;
    }

    private boolean acquire() {
        if (!expired && tryAcquire()) {
            return true;
        }
        lock.lock();
        try {
            waiting++;
            try {
                // Bounded: ends when a slot is free, the grace period ran out, or the thread is interrupted.
                while (!expired) {
                    if (tryAcquire()) {
                        return true;
                    }
                    freed.awaitNanos(RECHECK_NANOS);
                }
                return false;
            } finally {
                waiting--;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Frees the slot of {@code flight}, if it holds one. */
    void release(Flight flight) {
        if (flight.dropPermit() && taken.decrementAndGet() <= wakeAt && waiting > 0) {
            lock.lock();
            try {
                freed.signalAll();
            } finally {
                lock.unlock();
            }
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
        return taken.get();
    }
}
