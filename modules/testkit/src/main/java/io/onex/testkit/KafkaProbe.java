package io.onex.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A test's own Kafka client: writes records to a topic and reads a topic back from its start,
 * outside any consumer group, so it never disturbs the groups under test.
 */
public final class KafkaProbe implements AutoCloseable {

    private static final Duration SEND_LIMIT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final KafkaProducer<byte[], byte[]> producer;

    private KafkaProbe(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(properties);
    }

    /** Returns a probe for the broker at {@code bootstrapServers}. */
    public static KafkaProbe of(String bootstrapServers) {
        return new KafkaProbe(bootstrapServers);
    }

    /** Returns a probe for {@code broker}. */
    public static KafkaProbe of(KafkaBroker broker) {
        return new KafkaProbe(broker.bootstrapServers());
    }

    /** Writes one record with UTF-8 text as its value and waits until the broker acknowledged it. */
    public void send(String topic, String key, String value) {
        send(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** Writes one record and waits until the broker acknowledged it. */
    public void send(String topic, byte[] key, byte[] value, Map<String, String> headers) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
        await(producer.send(record));
    }

    /** Writes every value (UTF-8 text, keyed by its index) and waits until all are acknowledged. */
    public void sendAll(String topic, List<String> values) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            sent.add(producer.send(new ProducerRecord<>(topic, Integer.toString(i).getBytes(StandardCharsets.UTF_8),
                    values.get(i).getBytes(StandardCharsets.UTF_8))));
        }
        sent.forEach(KafkaProbe::await);
    }

    /**
     * Reads {@code topic} from its start until {@code done} holds for what was read, or
     * {@code limit} runs out; returns every record read, in partition and offset order per
     * partition.
     */
    public List<KafkaRecord> readUntil(String topic, Predicate<List<KafkaRecord>> done, Duration limit) {
        List<KafkaRecord> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + limit.toNanos();
            while (!done.test(read) && System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    read.add(toRecord(record));
                }
            }
        }
        return read;
    }

    /** Reads {@code topic} from its start until at least {@code count} records were read, or {@code limit} runs out. */
    public List<KafkaRecord> readAtLeast(String topic, int count, Duration limit) {
        return readUntil(topic, records -> records.size() >= count, limit);
    }

    /** Returns how many records {@code topic} holds now (the sum of its partitions' end offsets). */
    public long count(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            return partitions.stream().mapToLong(p -> ends.get(p) - starts.get(p)).sum();
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(properties);
    }

    private static KafkaRecord toRecord(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        return new KafkaRecord(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                headers);
    }

    private static RecordMetadata await(Future<RecordMetadata> sent) {
        try {
            return sent.get(SEND_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not acknowledge a record", e);
        }
    }
}
