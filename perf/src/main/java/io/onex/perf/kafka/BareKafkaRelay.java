package io.onex.perf.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka round trip's baseline, run as a process of its own: the naive relay anyone writes
 * with kafka-clients and nothing else. It polls the input topic, writes every record unchanged
 * (same key, same bytes) to the output topic, flushes the producer and commits the poll with
 * {@code commitSync}, then polls again. Client settings are the library's defaults apart from
 * the group, manual commits and reading a new group from the start; no decoding, routing,
 * handler or response building.
 *
 * <pre>
 * BareKafkaRelay BOOTSTRAP_SERVERS INPUT_TOPIC OUTPUT_TOPIC GROUP
 * </pre>
 *
 * Prints {@code partitions assigned} on standard output once it owns input partitions, and stops
 * on SIGTERM.
 */
public final class BareKafkaRelay {

    /** What the relay prints once it owns input partitions. */
    public static final String READY = "partitions assigned";

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(5);

    private BareKafkaRelay() {
    }

    /** Runs the relay until SIGTERM; see the class comment. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 4) {
            System.err.println("usage: BareKafkaRelay BOOTSTRAP_SERVERS INPUT_TOPIC OUTPUT_TOPIC GROUP");
            System.exit(2);
        }
        String output = args[2];
        Map<String, Object> consumerSettings = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
                ConsumerConfig.GROUP_ID_CONFIG, args[3], ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Object> producerSettings = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        CountDownLatch stopped = new CountDownLatch(1);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings,
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings,
                        new ByteArraySerializer(), new ByteArraySerializer())) {
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                consumer.wakeup();
                try {
                    stopped.await(CLOSE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            consumer.subscribe(List.of(args[1]), new Announce());
            relay(consumer, producer, output);
        } finally {
            stopped.countDown();
        }
    }

    private static void relay(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer,
            String output) {
        try {
            while (true) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (records.isEmpty()) {
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    producer.send(new ProducerRecord<>(output, record.key(), record.value()));
                }
                producer.flush();
                consumer.commitSync();
            }
        } catch (WakeupException e) {
            // SIGTERM: stop.
        }
    }

    /** Says on standard output when the relay owns partitions, so the driver knows it may start. */
    private static final class Announce implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                System.out.println(READY);
                System.out.flush();
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Nothing is held between polls: every poll is committed before the next.
        }
    }
}
