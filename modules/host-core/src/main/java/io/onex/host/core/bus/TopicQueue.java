package io.onex.host.core.bus;

import io.onex.host.api.DeliveryListener;
import io.onex.host.api.EventBusException;
import io.onex.host.api.Inbound;
import io.onex.host.api.Settlement;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One topic of the in-memory bus: a bounded FIFO queue and its dispatcher thread.
 *
 * <p>At most {@code capacity} messages of the topic are outstanding at once: queued, or taken by
 * the dispatcher and not yet delivered. The dispatcher takes everything queued in one go and
 * delivers it in order outside the lock, so that publishers and the dispatcher meet once per
 * batch, not once per message. A publisher that finds the topic full waits, and is woken once
 * half of the capacity is free again (not at every delivered message, which would cost a thread
 * wake-up per message while the topic stays full), by one signal per wait; it also looks again
 * every {@link #RECHECK_NANOS}, so it never waits longer than that for a single free place. A
 * dispatcher that finds nothing queued yields once before it waits: when messages come one by
 * one from a thread that works on each (the host answering on its input topic's dispatcher), it
 * then takes them in batches instead of being woken for nearly every one.
 */
final class TopicQueue {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final DeliveryListener[] NONE = new DeliveryListener[0];

    private final String topic;
    private final int capacity;
    private final int wakeAt;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    /** The queued messages, a ring guarded by {@link #lock}. */
    private final Inbound[] ring;
    private int head;
    private int count;
    private boolean dispatcherWaiting;
    /** Publishers waiting for room; read without the lock by the dispatcher, so volatile. */
    private volatile int waitingPublishers;
    /**
     * Whether the waiting publishers were signalled since the last of them began to wait: the
     * dispatcher signals them once, not at every message it delivers until they have run.
     */
    private volatile boolean publishersSignalled;
    /** Messages offered whose delivery has not returned yet: queued plus being delivered. */
    private final AtomicInteger outstanding = new AtomicInteger();
    private final LongAdder listenerFailures = new LongAdder();
    /** The subscribers, replaced as a whole when one comes or goes: read per message without a copy. */
    private volatile DeliveryListener[] listeners = NONE;
    private volatile boolean running = true;
    private Thread dispatcher;

    TopicQueue(String topic, int capacity) {
        this.topic = topic;
        this.capacity = capacity;
        this.wakeAt = capacity - Math.max(1, capacity / 2);
        this.ring = new Inbound[capacity];
    }

    void offer(Inbound message, Duration timeout) {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (outstanding.get() >= capacity) {
                if (nanos <= 0) {
                    throw new EventBusException("topic '" + topic + "' is full (" + count
                            + " messages waiting) and did not drain within " + timeout.toMillis() + " ms");
                }
                waitingPublishers++;
                publishersSignalled = false;
                try {
                    // Counted as waiting before the count is read again, so a delivery that frees
                    // room after this read sees the waiter and signals.
                    if (outstanding.get() < capacity) {
                        break;
                    }
                    long waited = Math.min(nanos, RECHECK_NANOS);
                    nanos -= waited - notFull.awaitNanos(waited);
                } finally {
                    waitingPublishers--;
                }
            }
            ring[(head + count) % capacity] = message;
            count++;
            outstanding.incrementAndGet();
            if (dispatcherWaiting) {
                notEmpty.signal();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventBusException("interrupted while publishing to '" + topic + "'", e);
        } finally {
            lock.unlock();
        }
    }

    synchronized void addListener(DeliveryListener listener) {
        DeliveryListener[] next = Arrays.copyOf(listeners, listeners.length + 1);
        next[next.length - 1] = listener;
        listeners = next;
    }

    synchronized void removeListener(DeliveryListener listener) {
        DeliveryListener[] current = listeners;
        for (int i = 0; i < current.length; i++) {
            if (current[i].equals(listener)) {
                DeliveryListener[] next = new DeliveryListener[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                listeners = next;
                return;
            }
        }
    }

    long pending() {
        return outstanding.get();
    }

    long listenerFailures() {
        return listenerFailures.sum();
    }

    synchronized void startIfSubscribed() {
        if (dispatcher == null && running && listeners.length > 0) {
            dispatcher = Thread.ofPlatform().daemon().name("onex-bus-" + topic).start(this::dispatch);
        }
    }

    synchronized void stop() {
        running = false;
        if (dispatcher != null) {
            dispatcher.interrupt();
        }
    }

    private void dispatch() {
        Inbound[] batch = new Inbound[capacity];
        while (running) {
            int taken;
            try {
                taken = take(batch);
            } catch (InterruptedException e) {
                return;
            }
            // A stopped topic delivers nothing more; what it took stays counted as pending.
            for (int i = 0; i < taken && running; i++) {
                deliver(batch[i]);
                batch[i] = null;
            }
        }
    }

    /** Moves every queued message into {@code batch}; waits a bounded time when none is queued. */
    private int take(Inbound[] batch) throws InterruptedException {
        lock.lock();
        try {
            if (count == 0) {
                // Gives way once before parking: a publisher that runs now (on this core, or
                // woken on the other) usually queues its next messages within that time, and
                // taking them then costs both threads far less than parking and being woken.
                lock.unlock();
                try {
                    Thread.yield();
                } finally {
                    lock.lock();
                }
            }
            if (count == 0) {
                // Bounded wait so that stop() is noticed even when no message arrives.
                dispatcherWaiting = true;
                try {
                    notEmpty.awaitNanos(POLL_NANOS);
                } finally {
                    dispatcherWaiting = false;
                }
            }
            int taken = count;
            for (int i = 0; i < taken; i++) {
                int slot = (head + i) % capacity;
                batch[i] = ring[slot];
                ring[slot] = null;
            }
            head = (head + taken) % capacity;
            count = 0;
            return taken;
        } finally {
            lock.unlock();
        }
    }

    private void deliver(Inbound message) {
        try {
            for (DeliveryListener listener : listeners) {
                listener.onDelivery(topic, message, Settlement.NONE);
            }
        } catch (RuntimeException e) {
            // A listener's failure must not stop the topic; the listener owns its errors, and
            // the bus only counts them (bus health shows the count).
            listenerFailures.increment();
        } finally {
            if (outstanding.decrementAndGet() <= wakeAt && waitingPublishers > 0 && !publishersSignalled) {
                publishersSignalled = true;
                lock.lock();
                try {
                    notFull.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }
}
