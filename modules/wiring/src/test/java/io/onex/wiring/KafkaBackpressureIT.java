package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.bus.kafka.KafkaEventBus;
import io.onex.host.api.ConfigSchema;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.Invocation;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.testkit.KafkaBroker;
import io.onex.testkit.KafkaProbe;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backpressure with a slow handler under a flood: the host runs in this JVM ({@link OnexHost#start})
 * with a handler of its own that blocks until released (a {@code stall} binding, registered as an
 * application registers a handler), so the input piles up on the broker, not in memory, and the
 * consumer keeps polling (it never leaves its group) however long the handler takes.
 */
class KafkaBackpressureIT {

    private static final String INPUT = "onex.test.flood.cmd.v1";
    private static final String OUTPUT = "onex.test.flood.evt.v1";
    private static final String DEAD_LETTER = "onex.test.flood.error.v1";
    private static final int MAX_INFLIGHT = 20;
    private static final int PAUSE_THRESHOLD = 16;
    private static final int FLOOD = 5_000;
    /** The consumer must poll at least this often or leave its group. */
    private static final int MAX_POLL_INTERVAL_MS = 3_000;

    private static KafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
        broker.createTopic(INPUT, 2);
        broker.createTopic(OUTPUT, 1);
        broker.createTopic(DEAD_LETTER, 1);
    }

    @AfterAll
    static void closeBroker() {
        broker.close();
    }

    @Test
    void aFloodWaitsOnTheBrokerWhileASlowHandlerHoldsTheInFlightSlots() throws Exception {
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        BlockingHandler handler = new BlockingHandler();
        RunningHost host = OnexHost.builder().handler(new StallFactory(handler)).build().start(contract(), Map.of(),
                StartOptions.defaults().log(logs, System.Logger.Level.DEBUG).secrets(ref -> {
                    throw new AssertionError("no secrets here");
                }));
        KafkaEventBus bus = (KafkaEventBus) host.bus();
        try (KafkaProbe probe = KafkaProbe.of(broker)) {
            List<UUID> sent = KafkaTraffic.correlations(FLOOD);
            probe.sendAll(INPUT, sent.stream().map(KafkaBackpressureIT::stalledRequest).toList());
            await().atMost(Duration.ofSeconds(60)).until(() -> handler.concurrent.get() >= PAUSE_THRESHOLD);

            // Held for longer than the poll deadline: fetched records stay bounded, the rest waits on
            // the broker, and the consumer keeps polling while paused.
            await().during(Duration.ofMillis(MAX_POLL_INTERVAL_MS * 2L)).atMost(Duration.ofSeconds(30)).until(() -> {
                Map<String, Object> details = bus.health().details();
                return bus.pending(INPUT) <= 2L * PAUSE_THRESHOLD
                        && inFlight(host) <= MAX_INFLIGHT
                        && handler.concurrent.get() <= MAX_INFLIGHT
                        && details.get("paused_partitions").equals(details.get("assigned_partitions"));
            });
            assertThat(handler.maxConcurrent.get()).isLessThanOrEqualTo(MAX_INFLIGHT);
            assertThat(bus.consumerLag()).isGreaterThanOrEqualTo(FLOOD - 2L * PAUSE_THRESHOLD);
            assertThat(bus.health().details()).containsEntry("rebalances", 1L).containsEntry("kafka_healthy", true);

            handler.release();
            Set<UUID> expected = new LinkedHashSet<>(sent);
            KafkaTraffic.Answers answers = KafkaTraffic.Answers.of(
                    probe.readUntil(OUTPUT, KafkaTraffic.answersAll(expected), Duration.ofSeconds(120)));
            assertThat(answers.missing(expected)).as("unanswered correlation ids").isEmpty();
            assertThat(answers.duplicates(expected)).as("duplicate responses").isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> bus.pending(INPUT) == 0 && bus.consumerLag() == 0);
            assertThat(handler.maxConcurrent.get()).isLessThanOrEqualTo(MAX_INFLIGHT);
            // Nobody left the group: no partition was ever revoked or lost.
            assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain("partitions revoked", "partitions lost");
        } finally {
            handler.release();
            host.close();
        }
    }

    /** Returns how many envelopes the host is working on, from its status view (every node, and the unrouted). */
    private static long inFlight(RunningHost host) {
        Map<String, Object> status = host.status();
        long nodes = ((List<?>) status.get("nodes")).stream().map(Map.class::cast)
                .mapToLong(node -> ((Number) node.get("in_flight")).longValue()).sum();
        return nodes + ((Number) ((Map<?, ?>) status.get("unrouted")).get("in_flight")).longValue();
    }

    /** Returns a request to the echo node through its stall binding, in the documented wire format. */
    private static String stalledRequest(UUID correlation) {
        return "{\"envelope_id\":\"" + UUID.randomUUID() + "\",\"envelope_version\":\"1.0\",\"correlation_id\":\""
                + correlation + "\",\"target_node\":\"echo\",\"handler_type\":\"stall\",\"operation\":\"stall.echo\","
                + "\"payload\":{\"n\":1},\"timestamp\":\"2026-01-01T00:00:00Z\"}";
    }

    private Path contract() throws Exception {
        HostFixture.writeNode(dir, "echo", "stall", "stall.echo");
        return Files.writeString(dir.resolve("runtime.yaml"), """
                schema_version: "1.0.0"
                runtime:
                  name: flood_host
                  version: "0.1.0"
                  environment: dev
                  event_bus:
                    kind: kafka
                    config:
                      bootstrap_servers: "%s"
                      consumer_group: flood
                      topics: { input: %s, output: %s, dead_letter: %s }
                      client_properties:
                        max.poll.interval.ms: %d
                        session.timeout.ms: 6000
                        heartbeat.interval.ms: 1000
                    backpressure: { max_inflight_envelopes: %d, pause_threshold: %d }
                  handlers:
                    - type: stall
                  nodes:
                    - slug: echo
                      contract: nodes/echo.yaml
                  shutdown: { grace_seconds: 10 }
                """.formatted(broker.bootstrapServers(), INPUT, OUTPUT, DEAD_LETTER, MAX_POLL_INTERVAL_MS,
                MAX_INFLIGHT, PAUSE_THRESHOLD));
    }

    /** The factory of the {@code stall} handler type: one operation, {@code stall.echo}, and no config. */
    private record StallFactory(BlockingHandler handler) implements HandlerFactory {
        @Override
        public int spiVersion() {
            return SPI_VERSION;
        }

        @Override
        public String type() {
            return "stall";
        }

        @Override
        public String version() {
            return "1.0.0";
        }

        @Override
        public String summary() {
            return "echoes once the test releases it";
        }

        @Override
        public List<HandlerDescription.Operation> operations() {
            return List.of(new HandlerDescription.Operation("stall.echo", List.of(), List.of(), List.of()));
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.empty();
        }

        @Override
        public Handler create(HandlerBinding binding, Secrets secrets) {
            return handler;
        }
    }

    /** A handler that echoes, but only once released: a dependency that has stalled. */
    private static final class BlockingHandler implements Handler {
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicInteger concurrent = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();

        void release() {
            gate.countDown();
        }

        @Override
        public Map<String, Object> execute(Invocation invocation) {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            try {
                if (!gate.await(60, TimeUnit.SECONDS)) {
                    throw new AssertionError("the test never released the handler");
                }
                return invocation.envelope().payload();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Map.of();
            } finally {
                concurrent.decrementAndGet();
            }
        }

        @Override
        public HandlerHealth health() {
            return HandlerHealth.healthy(Map.of());
        }
    }
}
