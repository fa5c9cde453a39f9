package io.onex.perf;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Counts messages arriving on a subscriber's thread and lets one waiting thread wait for a number
 * of them, waking it once, when the last of them has arrived. A semaphore released per message
 * would wake the waiter at every message while it waits for a batch, and that wake-up cost lands on
 * the side measured (the host or the bare relay). One thread waits at a time.
 */
final class Arrivals {

    private final AtomicLong arrived = new AtomicLong();
    /** The arrival count the waiter needs; {@code Long.MAX_VALUE} while nobody waits. */
    private volatile long goal = Long.MAX_VALUE;
    private volatile Thread waiter;
    /** The arrivals the waiter has taken so far (read and written by the waiter only). */
    private long taken;

    /** Counts one arrival; wakes the waiter when it completes what the waiter waits for. */
    void arrive() {
        if (arrived.incrementAndGet() >= goal) {
            Thread waiting = waiter;
            if (waiting != null) {
                LockSupport.unpark(waiting);
            }
        }
    }

    /**
     * Waits until {@code count} more messages have arrived than this method has taken before, and
     * takes them; returns false, taking nothing, when {@code limit} ran out first.
     */
    boolean await(int count, Duration limit) {
        long target = taken + count;
        long deadline = System.nanoTime() + limit.toNanos();
        waiter = Thread.currentThread();
        goal = target; // after the waiter, so that an arrival that reads the goal sees who to wake
        try {
            while (arrived.get() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || Thread.currentThread().isInterrupted()) {
                    return false;
                }
                LockSupport.parkNanos(this, left);
            }
            taken = target;
            return true;
        } finally {
            goal = Long.MAX_VALUE;
            waiter = null;
        }
    }
}
