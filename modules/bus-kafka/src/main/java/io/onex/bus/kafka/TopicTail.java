package io.onex.bus.kafka;

import io.onex.host.api.DeliveryListener;
import io.onex.host.api.Inbound;
import io.onex.host.api.Settlement;
import io.onex.host.api.Subscription;
import io.onex.host.core.log.JsonLog;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows a topic other than the input topic from its end, outside any consumer group, and hands
 * every new record to a listener — so that a component of this host (the HTTP ingress) can see
 * the responses written to the output topic. Nothing is committed: a tail reads, it does not
 * consume. When the broker goes away it reconnects with a growing, bounded backoff and follows
 * the end again (records written in between are not replayed).
 */
final class TopicTail implements Subscription {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration READY_LIMIT = Duration.ofSeconds(15);
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final String topic;
    private final Map<String, Object> properties;
    private final DeliveryListener listener;
    private final JsonLog log;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> current;
    private Thread thread;

    TopicTail(String topic, Map<String, Object> consumerProperties, DeliveryListener listener, JsonLog log) {
        this.topic = topic;
        Map<String, Object> own = new LinkedHashMap<>(consumerProperties);
        own.remove(ConsumerConfig.GROUP_ID_CONFIG);
        own.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        own.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        own.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        this.properties = own;
        this.listener = listener;
        this.log = log;
    }

    /** Starts following and waits (bounded) until the tail sits at the topic's end. */
    void start() {
        thread = Thread.ofPlatform().daemon().name("onex-kafka-tail-" + topic).start(this::run);
        try {
            if (!ready.await(READY_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("the tail of a topic is not positioned yet; it keeps trying", "topic", topic);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long backoff = 100;
        while (running) {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                current = consumer;
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                        .map(info -> new TopicPartition(topic, info.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position); // resolve the end now, before anyone writes
                ready.countDown();
                backoff = 100;
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        if (record.value() != null) {
                            listener.onDelivery(topic, new Inbound.Encoded(record.value()), Settlement.NONE);
                        }
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("following a topic failed; retrying", "topic", topic, "reason", e.getClass().getSimpleName(),
                        "retry_in_ms", backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            } finally {
                current = null;
            }
        }
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> consumer = current;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
