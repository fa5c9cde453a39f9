package io.onex.host.core.bus;

import io.onex.host.api.DeliveryListener;
import io.onex.host.api.EventBusException;
import io.onex.host.api.Inbound;
import io.onex.host.api.Settlement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** One topic of the in-memory bus: a bounded FIFO queue and its dispatcher thread. */
final class TopicQueue {

    private static final long POLL_MILLIS = 100;

    private final String topic;
    private final BlockingQueue<Inbound> queue;
    private final List<DeliveryListener> listeners = new CopyOnWriteArrayList<>();
    /** Messages offered whose delivery has not returned yet: queued plus being delivered. */
    private final AtomicInteger outstanding = new AtomicInteger();
    private final java.util.concurrent.atomic.LongAdder listenerFailures = new java.util.concurrent.atomic.LongAdder();
    private volatile boolean running = true;
    private Thread dispatcher;

    TopicQueue(String topic, int capacity) {
        this.topic = topic;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    void offer(Inbound message, Duration timeout) {
        boolean accepted = false;
        outstanding.incrementAndGet();
        try {
            accepted = queue.offer(message, timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventBusException("interrupted while publishing to '" + topic + "'", e);
        } finally {
            if (!accepted) {
                outstanding.decrementAndGet();
            }
        }
        if (!accepted) {
            throw new EventBusException("topic '" + topic + "' is full (" + queue.size()
                    + " messages waiting) and did not drain within " + timeout.toMillis() + " ms");
        }
    }

    void addListener(DeliveryListener listener) {
        listeners.add(listener);
    }

    void removeListener(DeliveryListener listener) {
        listeners.remove(listener);
    }

    long pending() {
        return outstanding.get();
    }

    long listenerFailures() {
        return listenerFailures.sum();
    }

    synchronized void startIfSubscribed() {
        if (dispatcher == null && running && !listeners.isEmpty()) {
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
        while (running) {
            Inbound message;
            try {
                // Bounded wait so that stop() is noticed even when no message arrives.
                message = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (message == null) {
                continue;
            }
            try {
                for (DeliveryListener listener : listeners) {
                    listener.onDelivery(topic, message, Settlement.NONE);
                }
            } catch (RuntimeException e) {
                // A listener's failure must not stop the topic; the listener owns its errors, and
                // the bus only counts them (bus health shows the count).
                listenerFailures.increment();
            } finally {
                outstanding.decrementAndGet();
            }
        }
    }
}
