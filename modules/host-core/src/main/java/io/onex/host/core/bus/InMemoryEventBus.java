package io.onex.host.core.bus;

import io.onex.host.api.BusHealth;
import io.onex.host.api.DeliveryListener;
import io.onex.host.api.Envelope;
import io.onex.host.api.EventBus;
import io.onex.host.api.EventBusException;
import io.onex.host.api.Inbound;
import io.onex.host.api.Subscription;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded event bus: FIFO per topic, no network, no encoding.
 *
 * <p>Each topic is a bounded queue drained by one dispatcher thread that hands messages to the
 * topic's subscribers one at a time, in order. A subscriber that blocks holds back its topic:
 * that is the bus's backpressure. A publisher waits at most {@code publishTimeout} for room in a
 * full queue and then fails with {@link EventBusException}. Messages published before anyone
 * subscribes wait in the queue.
 */
public final class InMemoryEventBus implements EventBus {

    /** The queue capacity per topic unless configured otherwise. */
    public static final int DEFAULT_CAPACITY = 65_536;

    private final int capacity;
    private final Duration publishTimeout;
    private final Map<String, TopicQueue> topics = new ConcurrentHashMap<>();
    private volatile boolean started;
    private volatile boolean stopped;

    private InMemoryEventBus(int capacity, Duration publishTimeout) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.publishTimeout = Objects.requireNonNull(publishTimeout, "publishTimeout");
    }

    /** Returns a bus with the default capacity and a 30-second publish timeout. */
    public static InMemoryEventBus create() {
        return new InMemoryEventBus(DEFAULT_CAPACITY, Duration.ofSeconds(30));
    }

    /** Returns a bus with the given per-topic capacity and publish timeout. */
    public static InMemoryEventBus create(int capacity, Duration publishTimeout) {
        return new InMemoryEventBus(capacity, publishTimeout);
    }

    @Override
    public synchronized void start() {
        if (stopped) {
            throw new IllegalStateException("the in-memory bus was stopped and cannot start again");
        }
        started = true;
        topics.values().forEach(TopicQueue::startIfSubscribed);
    }

    @Override
    public void publish(String topic, Envelope envelope) {
        offer(topic, new Inbound.Decoded(envelope));
    }

    /** Publishing waits for nothing but room in a full topic of this process. */
    @Override
    public boolean publishBlocks() {
        return false;
    }

    @Override
    public void publishEncoded(String topic, byte[] json) {
        offer(topic, new Inbound.Encoded(json));
    }

    private void offer(String topic, Inbound message) {
        if (stopped) {
            throw new EventBusException("the in-memory bus is stopped; topic '" + topic + "' accepts nothing");
        }
        queue(topic).offer(message, publishTimeout);
    }

    @Override
    public synchronized Subscription subscribe(String topic, DeliveryListener listener) {
        TopicQueue queue = queue(topic);
        queue.addListener(listener);
        if (started) {
            queue.startIfSubscribed();
        }
        return new Subscription() {
            @Override
            public String topic() {
                return topic;
            }

            @Override
            public void close() {
                queue.removeListener(listener);
            }
        };
    }

    @Override
    public long pending(String topic) {
        TopicQueue queue = topics.get(topic);
        return queue == null ? 0 : queue.pending();
    }

    @Override
    public BusHealth health() {
        Map<String, Object> depths = new LinkedHashMap<>();
        long failures = 0;
        for (Map.Entry<String, TopicQueue> topic : topics.entrySet()) {
            depths.put(topic.getKey(), topic.getValue().pending());
            failures += topic.getValue().listenerFailures();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("capacity_per_topic", capacity);
        details.put("pending", depths);
        details.put("listener_failures", failures);
        return new BusHealth("inmemory", started && !stopped, details);
    }

    @Override
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        topics.values().forEach(TopicQueue::stop);
    }

    private TopicQueue queue(String topic) {
        TopicQueue queue = topics.get(Objects.requireNonNull(topic, "topic"));
        // A plain read for a topic that exists, the common case: computeIfAbsent may lock its bin.
        return queue != null ? queue : topics.computeIfAbsent(topic, name -> new TopicQueue(name, capacity));
    }

}
