package io.onex.perf.kafka;

import io.onex.perf.Samples;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Drives one relay (the host or the bare relay) through Kafka: writes echo requests to its input
 * topic and times each answer read from its output topic.
 *
 * <p>Every request is keyed by its correlation id, and both relays key their answer by it (the
 * bare relay copies the key, the host keys a response by its correlation id), so an answer is
 * matched to its request by the record key. The correlation id carries the phase and the
 * request's index. Latency is measured from each request's <em>intended</em> send time, fixed
 * before the phase starts ({@code start + i / rate}), not from when it was actually sent: when
 * the relay falls behind, the requests that queue up behind it are charged for the wait, so
 * there is no coordinated omission.
 */
final class KafkaLoad implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(50);
    private static final AtomicLong PHASES = new AtomicLong(System.nanoTime() & 0xffff_ffffL);

    private final String input;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> reader;
    private final Thread readerThread;
    private volatile Phase phase;
    private volatile boolean closed;

    /** One burst or paced run: when each request was meant to go out and when its answer came. */
    private static final class Phase {
        final long tag = PHASES.incrementAndGet();
        final long[] intended;
        final long[] answered;
        final CountDownLatch pending;

        Phase(int count) {
            intended = new long[count];
            answered = new long[count];
            pending = new CountDownLatch(count);
        }

        void answer(long index, long now) {
            if (index >= 0 && index < answered.length && answered[(int) index] == 0) {
                answered[(int) index] = now;
                pending.countDown();
            }
        }
    }

    /** A burst's outcome: how many answers per second, from the first request to the last answer. */
    record Burst(int count, double perSecond) {
    }

    /** A paced run's latencies, from each request's intended send time to its answer. */
    record Paced(int count, Samples latencies) {
    }

    KafkaLoad(String bootstrapServers, String input, String output) {
        this.input = input;
        // The driver's own producer sends each request at once (linger.ms 0), so pacing is exact.
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false), new ByteArraySerializer(), new ByteArraySerializer());
        this.reader = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = reader.partitionsFor(output, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(output, info.partition())).toList();
        reader.assign(partitions);
        reader.seekToEnd(partitions);
        partitions.forEach(partition -> reader.position(partition, Duration.ofSeconds(30)));
        this.readerThread = Thread.ofPlatform().daemon().name("onex-perf-kafka-reader").start(this::read);
    }

    /**
     * Sends {@code count} requests as fast as the producer takes them and waits for every answer.
     *
     * @throws IllegalStateException when an answer is missing after {@code limit}
     */
    Burst burst(int count, Duration limit) {
        Phase current = begin(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            current.intended[i] = start;
            send(current, i);
        }
        await(current, limit);
        long last = 0;
        for (long answered : current.answered) {
            last = Math.max(last, answered);
        }
        return new Burst(count, count / ((last - start) / 1e9));
    }

    /**
     * Sends {@code count} requests at {@code perSecond}, each at its intended time, and waits for
     * every answer.
     *
     * @throws IllegalStateException when an answer is missing after {@code limit}
     */
    Paced paced(int perSecond, int count, Duration limit) {
        Phase current = begin(count);
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        for (int i = 0; i < count; i++) {
            current.intended[i] = start + i * interval;
        }
        for (int i = 0; i < count; i++) {
            long wait = current.intended[i] - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            send(current, i);
        }
        await(current, limit);
        Samples latencies = Samples.withCapacity(count);
        for (int i = 0; i < count; i++) {
            latencies.add(current.answered[i] - current.intended[i]);
        }
        return new Paced(count, latencies);
    }

    private Phase begin(int count) {
        Phase next = new Phase(count);
        phase = next;
        return next;
    }

    private void send(Phase current, int index) {
        UUID correlation = new UUID(current.tag, index);
        byte[] key = correlation.toString().getBytes(StandardCharsets.US_ASCII);
        producer.send(new ProducerRecord<>(input, key, request(correlation, index)));
    }

    private static void await(Phase current, Duration limit) {
        try {
            if (!current.pending.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(current.pending.getCount() + " of " + current.answered.length
                        + " requests were not answered within " + limit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for answers", e);
        }
    }

    /** Returns an echo request to one of the ten echo nodes, in the documented wire format (about 330 bytes). */
    static byte[] request(UUID correlation, int index) {
        return ("{\"envelope_id\":\"" + UUID.randomUUID() + "\",\"envelope_version\":\"1.0\",\"correlation_id\":\""
                + correlation + "\",\"target_node\":\"echo_" + (index % 10) + "\",\"handler_type\":\"local\","
                + "\"operation\":\"local.echo\",\"payload\":{\"order_id\":" + index
                + ",\"status\":\"accepted\",\"lines\":[1,2,3]},\"timestamp\":\"2026-01-01T00:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void read() {
        try {
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(POLL)) {
                    long now = System.nanoTime();
                    Phase current = phase;
                    if (current == null || record.key() == null) {
                        continue;
                    }
                    UUID correlation = parse(record.key());
                    if (correlation != null && correlation.getMostSignificantBits() == current.tag) {
                        current.answer(correlation.getLeastSignificantBits(), now);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    private static UUID parse(byte[] key) {
        try {
            return UUID.fromString(new String(key, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void close() {
        closed = true;
        reader.wakeup();
        try {
            readerThread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
    }
}
