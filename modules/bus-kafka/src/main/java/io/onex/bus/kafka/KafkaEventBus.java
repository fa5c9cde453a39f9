package io.onex.bus.kafka;

import io.onex.host.api.BusHealth;
import io.onex.host.api.DeliveryListener;
import io.onex.host.api.Envelope;
import io.onex.host.api.EventBus;
import io.onex.host.api.EventBusException;
import io.onex.host.api.PublishCallback;
import io.onex.host.api.Subscription;
import io.onex.host.api.contract.BusKind;
import io.onex.host.api.contract.EventBusSpec;
import io.onex.host.api.contract.SecretRef;
import io.onex.host.core.codec.EnvelopeCodec;
import io.onex.host.core.log.JsonLog;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka event bus: consumes the contract's input topic in its consumer group and writes
 * responses and dead letters with an idempotent producer (acks=all).
 *
 * <p>Delivery is at-least-once: an input offset is committed only once the response or dead
 * letter of its record was acknowledged by the broker, per partition up to the lowest record not
 * finished yet. Records reach the host as {@link io.onex.host.api.Inbound.Encoded} JSON, in
 * fetch order, as fast as the host takes them: the host's in-flight limit
 * ({@code max_inflight_envelopes}) is the only one, and the bus waits for it; partitions pause at
 * {@code pause_threshold} fetched and unfinished records and resume below it. Records the host cannot read come back through
 * {@link io.onex.host.api.Settlement#deadLetter} and go to the dead-letter topic with the reason.
 * While the broker is unreachable the clients reconnect with exponential backoff, health says
 * {@code kafka_healthy: false}, and processing resumes by itself once it is back. Hosts with the
 * same {@code consumer_group} share the input partitions; ordering holds per partition only.
 *
 * <p>Only the input topic can be subscribed to; other topics are written only.
 */
public final class KafkaEventBus implements EventBus {

    /** How long one write keeps retrying while the broker is unreachable. */
    static final Duration WRITE_PATIENCE = Duration.ofSeconds(60);

    /**
     * The bus health detail that lists what keeps the host from using its topics or group: each
     * with {@code resource}, {@code role}, {@code problem} and {@code fix} (see {@link TopicWatch}).
     */
    public static final String TOPIC_PROBLEMS = "topic_problems";

    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(10);

    private final KafkaBusSettings settings;
    private final JsonLog log;
    private final Clock clock;
    private final EnvelopeCodec codec;
    private volatile Publisher publisher;
    private volatile ConsumerLoop consumer;
    private volatile TopicWatch topics;
    private DeliveryListener listener;
    private final java.util.List<TopicTail> tails = new java.util.concurrent.CopyOnWriteArrayList<>();
    private boolean started;
    private boolean stopped;

    private KafkaEventBus(KafkaBusSettings settings, JsonLog log, Clock clock) {
        this.settings = settings;
        this.log = log;
        this.clock = clock;
        this.codec = EnvelopeCodec.standard();
    }

    /**
     * Returns a bus for the {@code kind: kafka} section {@code spec}; secret references among its
     * client properties are resolved with {@code secrets}. Nothing connects before
     * {@link #start()}.
     *
     * @throws io.onex.host.api.ProtocolConfigurationException when the settings are incomplete
     *         or a client property is reserved or unknown
     */
    public static KafkaEventBus create(EventBusSpec spec, Function<SecretRef, String> secrets, JsonLog log) {
        if (spec.kind() != BusKind.KAFKA) {
            throw new IllegalArgumentException("not a kafka bus section: " + spec.kind().wireName());
        }
        return new KafkaEventBus(KafkaBusSettings.from(spec, secrets), Objects.requireNonNull(log, "log"),
                Clock.systemUTC());
    }

    /**
     * Creates the consumer and producer and starts consuming the input topic. Does not wait for
     * the broker: an unreachable broker is reconnected to in the background.
     *
     * @throws EventBusException when the clients cannot be created (for example an unresolvable
     *                           bootstrap address)
     */
    @Override
    public synchronized void start() {
        if (stopped) {
            throw new IllegalStateException("the Kafka bus was stopped and cannot start again");
        }
        if (started) {
            return;
        }
        KafkaProducer<byte[], byte[]> producer = null;
        try {
            producer = new KafkaProducer<>(settings.producer(), new ByteArraySerializer(), new ByteArraySerializer());
            publisher = new Publisher(producer, WRITE_PATIENCE, log);
            KafkaConsumer<byte[], byte[]> kafkaConsumer = new KafkaConsumer<>(settings.consumer(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            consumer = new ConsumerLoop(kafkaConsumer, settings, publisher, log, clock);
        } catch (KafkaException e) {
            if (producer != null) {
                producer.close(Duration.ZERO);
            }
            throw new EventBusException("the Kafka clients cannot be created: " + e.getMessage(), e);
        }
        if (listener != null) {
            consumer.listener(listener);
        }
        consumer.start();
        topics = new TopicWatch(settings, log);
        topics.start();
        started = true;
        log.info("kafka bus started", "bootstrap_servers", settings.bootstrapServers(), "consumer_group",
                settings.consumerGroup(), "input_topic", settings.topics().input(), "max_inflight",
                settings.backpressure().maxInflightEnvelopes(), "pause_threshold",
                settings.backpressure().pauseThreshold());
    }

    /**
     * Writes {@code envelope} to {@code topic}, keyed by its correlation id, and returns once the
     * broker acknowledged it (see {@link #publish(String, Envelope, PublishCallback)}).
     *
     * @throws EventBusException when the broker refuses it or stays unreachable too long
     */
    @Override
    public void publish(String topic, Envelope envelope) {
        Publisher.Awaited awaited = new Publisher.Awaited();
        publish(topic, envelope, awaited);
        awaited.await(topic, WRITE_PATIENCE.multipliedBy(2));
    }

    /**
     * Writes {@code envelope} to {@code topic}, keyed by its correlation id, and returns without
     * waiting for the broker: {@code done} hears of the acknowledgement on the producer's I/O
     * thread, of a failure on the bus's own writing thread. An envelope refused for its size
     * (larger than the producer's {@code max.request.size} or the broker's record limit) is
     * replaced by an EVENT_BUS_ERROR envelope with its ids ({@link OversizedResponse}): its
     * request is answered once, not executed again on every delivery. A failure that a retry
     * cannot fix has {@link EventBusException#refusedForGood()}.
     *
     * <p>The bus still says that its publish blocks ({@link #publishBlocks()} keeps its default):
     * running never-waiting requests on the delivering thread as well was measured, and it made
     * the p99 at 1,000/s worse, since one thread then decodes, executes, encodes and sends every
     * envelope (docs/PERFORMANCE.md, "The Kafka round trip").
     */
    @Override
    public void publish(String topic, Envelope envelope, PublishCallback done) {
        Publisher current = publisher;
        if (current == null) {
            done.published(notStarted(topic));
            return;
        }
        byte[] value = codec.encode(envelope);
        current.send(record(topic, envelope, value), failure -> {
            if (failure == null || !(failure.getCause() instanceof RecordTooLargeException)) {
                done.published(failure);
                return;
            }
            // Refused for its size, it would be refused on every delivery of its input: answer once.
            // A failure is reported on the publisher's own thread, where writing again is allowed.
            log.warn("a response larger than a Kafka record was replaced by an EVENT_BUS_ERROR envelope",
                    "envelope_id", envelope.envelopeId(), "correlation_id", envelope.correlationId(),
                    "response_bytes", value.length, "topic", topic);
            Envelope replacement = OversizedResponse.replacing(envelope, value.length);
            current.send(record(topic, replacement, codec.encode(replacement)), done);
        });
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, Envelope envelope, byte[] value) {
        byte[] key = envelope.correlationId() == null ? null
                : envelope.correlationId().toString().getBytes(StandardCharsets.US_ASCII);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key, value);
        TraceHeaders.write(envelope, record.headers());
        return record;
    }

    /** Writes {@code json} to {@code topic} as it is, without a key, and returns once acknowledged. */
    @Override
    public void publishEncoded(String topic, byte[] json) {
        write(new ProducerRecord<>(topic, null, json));
    }

    private void write(ProducerRecord<byte[], byte[]> record) {
        Publisher current = publisher;
        if (current == null) {
            throw notStarted(record.topic());
        }
        current.send(record);
    }

    private static EventBusException notStarted(String topic) {
        return new EventBusException("the Kafka bus is not started; nothing can be written to '" + topic + "'");
    }

    /**
     * Delivers the input topic's records to {@code listener}, through the consumer group, with
     * at-least-once settlement. Any other topic is followed from its end by a tail outside the
     * group (see {@link TopicTail}): it sees what is written from now on and commits nothing.
     *
     * @throws IllegalStateException when the input topic already has a listener
     */
    @Override
    public synchronized Subscription subscribe(String topic, DeliveryListener listener) {
        if (!settings.topics().input().equals(topic)) {
            TopicTail tail = new TopicTail(topic, settings.consumer(), Objects.requireNonNull(listener, "listener"), log);
            tails.add(tail);
            tail.start();
            return tail;
        }
        if (this.listener != null) {
            throw new IllegalStateException("the input topic already has a listener");
        }
        this.listener = Objects.requireNonNull(listener, "listener");
        if (consumer != null) {
            consumer.listener(listener);
        }
        return new InputSubscription(topic);
    }

    /**
     * Returns, for the input topic, how many fetched records are not finished: waiting to be
     * delivered or delivered and not settled. Other topics hold nothing here: a write returns
     * only once the broker has it.
     */
    @Override
    public long pending(String topic) {
        ConsumerLoop current = consumer;
        return current != null && settings.topics().input().equals(topic) ? current.outstanding() : 0;
    }

    /** Returns how many input records are with the host and not settled. */
    public int inFlight() {
        ConsumerLoop current = consumer;
        return current == null ? 0 : current.inFlight();
    }

    /** Returns the consumer lag: input records not yet processed, over every assigned partition. */
    public long consumerLag() {
        ConsumerLoop current = consumer;
        return current == null ? 0 : current.report().lag();
    }

    /** Returns the consumer lag per assigned partition, keyed {@code topic-partition}. */
    public Map<String, Long> consumerLagByPartition() {
        ConsumerLoop current = consumer;
        return current == null ? Map.of() : current.report().lagByPartition();
    }

    /** Returns whether the broker is reachable and writes succeed. */
    public boolean kafkaHealthy() {
        ConsumerLoop current = consumer;
        return current != null && !stopped && current.report().connected() && !publisher.failing();
    }

    /**
     * Returns the bus health; its details hold {@code kafka_healthy}, {@code topic_problems}, {@code consumer_lag},
     * {@code consumer_lag_by_partition}, {@code in_flight}, {@code outstanding} and counters
     * (see docs/KAFKA.md).
     */
    @Override
    public BusHealth health() {
        boolean healthy = kafkaHealthy();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kafka_healthy", healthy);
        details.put("consumer_group", settings.consumerGroup());
        details.put("input_topic", settings.topics().input());
        details.put("max_inflight", settings.backpressure().maxInflightEnvelopes());
        details.put("pause_threshold", settings.backpressure().pauseThreshold());
        TopicWatch watch = topics;
        if (watch != null) {
            details.put(TOPIC_PROBLEMS, watch.problems().stream().map(TopicWatch.Problem::toMap).toList());
        }
        ConsumerLoop current = consumer;
        if (current != null) {
            ConsumerReport report = current.report();
            details.put("assigned_partitions", report.assigned());
            details.put("paused_partitions", report.paused());
            details.put("consumer_lag", report.lag());
            details.put("consumer_lag_by_partition", report.lagByPartition());
            details.put("in_flight", current.inFlight());
            details.put("outstanding", current.outstanding());
            details.put("delivered", current.deliveredCount());
            details.put("dead_lettered", current.deadLetteredCount());
            details.put("redelivery_rewinds", current.rewindCount());
            details.put("rebalances", current.rebalanceCount());
            details.put("listener_failures", current.listenerFailureCount());
            details.put("write_retries", publisher.retryCount());
            details.put("write_failures", publisher.failureCount());
        }
        return new BusHealth(BusKind.KAFKA.wireName(), healthy, details);
    }

    /**
     * Stops fetching, waits briefly for what the host still holds, commits what is finished,
     * leaves the consumer group and closes the producer. Idempotent.
     */
    @Override
    public void stop() {
        ConsumerLoop current;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            current = consumer;
        }
        tails.forEach(TopicTail::close);
        TopicWatch watch = topics;
        if (watch != null) {
            watch.stop();
        }
        if (current != null) {
            current.stop();
            publisher.close(CLOSE_LIMIT);
            log.info("kafka bus stopped", "delivered", current.deliveredCount(), "dead_lettered",
                    current.deadLetteredCount());
        }
    }

    /** The subscription of the input topic. */
    private final class InputSubscription implements Subscription {
        private final String topic;

        InputSubscription(String topic) {
            this.topic = topic;
        }

        @Override
        public String topic() {
            return topic;
        }

        @Override
        public void stopFetching() {
            ConsumerLoop current = consumer;
            if (current != null) {
                current.stopFetching();
            }
        }

        @Override
        public void close() {
            stopFetching();
        }
    }
}
