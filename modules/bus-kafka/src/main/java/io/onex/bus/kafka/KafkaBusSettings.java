package io.onex.bus.kafka;

import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.contract.EventBusSpec;
import io.onex.host.api.contract.SecretRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * What the Kafka bus is built from: the contract's bus section with its secrets resolved, and the
 * complete property sets of its consumer and producer.
 *
 * @param bootstrapServers the brokers
 * @param consumerGroup    the consumer group of the input topic
 * @param topics           the input, output and dead-letter topics
 * @param backpressure     the in-flight limits
 * @param consumer         every consumer property
 * @param producer         every producer property
 */
record KafkaBusSettings(String bootstrapServers, String consumerGroup, EventBusSpec.Topics topics,
        EventBusSpec.Backpressure backpressure, Map<String, Object> consumer, Map<String, Object> producer) {

    /**
     * The properties the bus sets itself: its delivery guarantee rests on them, so a contract may
     * not change them through {@code client_properties}.
     */
    static final Set<String> RESERVED = Set.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ConsumerConfig.GROUP_ID_CONFIG,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            ProducerConfig.ACKS_CONFIG, ProducerConfig.TRANSACTIONAL_ID_CONFIG);

    /**
     * How long the producer waits to fill a batch: not at all, not the client's 5 ms. Every
     * response waits for its acknowledgement before its input may be committed, so a linger is
     * paid by every envelope at low rates; under load the batches fill anyway from the responses
     * that arrive while the one produce request in flight is out ({@link #MAX_IN_FLIGHT_REQUESTS}).
     * With {@link #FETCH_MIN_BYTES} of one byte it took the p99 at 1,000/s paced from 8-14 ms to
     * 2-9 ms (docs/PERFORMANCE.md, "The tail at 1,000/s"); 1 ms, the former default, gave no
     * measurable throughput back.
     */
    static final int LINGER_MS = 0;

    /**
     * One produce request at a time per broker connection, not the client's five: the responses
     * that arrive while a request is out wait for it and go together in the next one, so under
     * load the batches grow by themselves while at low rates nothing waits longer than one round
     * trip. With {@link #BATCH_SIZE} it cut the host's CPU time per envelope in the Kafka round
     * trip from 51-65 us to about 40 us (docs/PERFORMANCE.md). Idempotence keeps order and
     * exactly-once writes with any number from one to five.
     */
    static final int MAX_IN_FLIGHT_REQUESTS = 1;

    /**
     * The largest batch per partition, 64 KiB instead of the client's 16 KiB, so the responses
     * gathered while a request is out fit in one batch (about 170 echo responses).
     */
    static final int BATCH_SIZE = 64 * 1024;

    /**
     * The most one fetch returns per partition, 256 KiB instead of the client's 1 MiB, and per
     * fetch, 1 MiB instead of 50 MiB: a poll hands out at most {@link #MAX_POLL_RECORDS} records
     * anyway, and each fetch response is read through a direct buffer of its size that the JDK
     * keeps per thread. In the Kafka round trip those buffers shrank from 6.5 to 1.9 MB
     * (docs/PERFORMANCE.md). A record larger than these limits is still fetched, alone.
     */
    static final int MAX_PARTITION_FETCH_BYTES = 256 * 1024;

    /** See {@link #MAX_PARTITION_FETCH_BYTES}. */
    static final int FETCH_MAX_BYTES = 1024 * 1024;

    /**
     * The least a fetch returns: one byte, the client's default, so the broker answers a fetch as
     * soon as a record arrives. The former 8 KiB held every fetch at low rates until
     * {@link #FETCH_MAX_WAIT_MS} passed (3 ms then): each record waited up to that long, and the
     * consumer fetched every 3 ms while the input was idle, about 90 ms of CPU a second. With one
     * byte, p50 at 1,000/s paced is about 1 ms instead of 4, p99 2-9 ms instead of 8-14, and an idle
     * host uses about 12 ms of CPU a second; a burst's throughput is 1.4-2.0x the bare relay's
     * instead of 1.6-1.8x (docs/PERFORMANCE.md, "The tail at 1,000/s").
     */
    static final int FETCH_MIN_BYTES = 1;

    /**
     * The longest the broker holds a fetch when no record arrives: 500 ms, the client's default.
     * With {@link #FETCH_MIN_BYTES} of one byte it adds nothing to any record's wait; it is how
     * often an idle consumer asks.
     */
    static final int FETCH_MAX_WAIT_MS = 500;

    /** The most records one poll returns unless a contract says otherwise. */
    static final int MAX_POLL_RECORDS = 500;

    KafkaBusSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(consumerGroup, "consumerGroup");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(backpressure, "backpressure");
        consumer = Collections.unmodifiableMap(new LinkedHashMap<>(consumer));
        producer = Collections.unmodifiableMap(new LinkedHashMap<>(producer));
    }

    /**
     * Reads the settings of a {@code kind: kafka} bus, resolving secret references in
     * {@code client_properties} with {@code secrets}.
     *
     * @throws ProtocolConfigurationException when a setting is missing, a client property is
     *                                        reserved or unknown to both Kafka clients, or the CA
     *                                        file of a TLS connection cannot be used
     *                                        (see {@link TrustStoreCheck})
     */
    static KafkaBusSettings from(EventBusSpec spec, Function<SecretRef, String> secrets) {
        Map<String, Object> config = spec.config();
        String servers = text(config, "bootstrap_servers");
        String group = text(config, "consumer_group");
        Map<String, String> extra = clientProperties(config.get("client_properties"), secrets);
        TrustStoreCheck.check(extra);

        Map<String, Object> consumer = new LinkedHashMap<>();
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                Math.min(MAX_POLL_RECORDS, spec.backpressure().pauseThreshold()));
        consumer.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_PARTITION_FETCH_BYTES);
        consumer.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_MAX_BYTES);
        consumer.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES);
        consumer.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        consumer.put(ConsumerConfig.RECONNECT_BACKOFF_MS_CONFIG, 100);
        consumer.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5_000);
        Map<String, Object> producer = new LinkedHashMap<>();
        producer.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        producer.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, MAX_IN_FLIGHT_REQUESTS);
        producer.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_SIZE);
        producer.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        producer.put(ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, 100);
        producer.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5_000);

        List<String> unknown = new ArrayList<>();
        extra.forEach((name, value) -> {
            boolean known = false;
            if (ConsumerConfig.configNames().contains(name)) {
                consumer.put(name, value);
                known = true;
            }
            if (ProducerConfig.configNames().contains(name)) {
                producer.put(name, value);
                known = true;
            }
            if (!known) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw new ProtocolConfigurationException("event_bus.config.client_properties: " + String.join(", ", unknown)
                    + (unknown.size() == 1 ? " is" : " are") + " not a setting of the Kafka consumer or producer;"
                    + " check the spelling against the Kafka client documentation");
        }

        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaBusSettings(servers, group, spec.topics(), spec.backpressure(), consumer, producer);
    }

    /**
     * Names the client properties but shows none of their values: they hold the contract's
     * secrets resolved ({@code ssl.key.password}, {@code sasl.jaas.config}).
     */
    @Override
    public String toString() {
        return "KafkaBusSettings[bootstrapServers=" + bootstrapServers + ", consumerGroup=" + consumerGroup
                + ", topics=" + topics + ", backpressure=" + backpressure + ", consumer=" + consumer.keySet()
                + ", producer=" + producer.keySet() + "]";
    }

    private static String text(Map<String, Object> config, String key) {
        if (config.get(key) instanceof String value && !value.isBlank()) {
            return value;
        }
        throw new ProtocolConfigurationException("event_bus.config." + key + " is required for the Kafka bus");
    }

    private static Map<String, String> clientProperties(Object section, Function<SecretRef, String> secrets) {
        if (section == null) {
            return Map.of();
        }
        if (!(section instanceof Map<?, ?> map)) {
            throw new ProtocolConfigurationException("event_bus.config.client_properties must be a map");
        }
        Set<String> reserved = new TreeSet<>();
        Map<String, String> properties = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (RESERVED.contains(name)) {
                reserved.add(name);
                continue;
            }
            Object value = entry.getValue();
            // Secrets are resolved here, once, and never logged: the value goes to the client only.
            properties.put(name, value instanceof SecretRef ref ? secrets.apply(ref) : String.valueOf(value));
        }
        if (!reserved.isEmpty()) {
            throw new ProtocolConfigurationException("event_bus.config.client_properties may not set "
                    + String.join(", ", reserved) + ": the Kafka bus sets "
                    + (reserved.size() == 1 ? "it" : "them")
                    + " itself (bootstrap_servers and consumer_group have their own keys; offsets are committed"
                    + " by the bus, and the producer is idempotent with acks=all)");
        }
        return properties;
    }
}
