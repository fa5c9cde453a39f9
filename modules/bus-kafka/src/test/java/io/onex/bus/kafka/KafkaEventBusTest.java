package io.onex.bus.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.EnvelopeError;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.Inbound;
import io.onex.host.api.Settlement;
import io.onex.host.api.contract.BusKind;
import io.onex.host.api.contract.EventBusSpec;
import io.onex.host.core.log.JsonLog;
import io.onex.testkit.KafkaBroker;
import io.onex.testkit.KafkaProbe;
import io.onex.testkit.KafkaRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Kafka bus against a real broker, driven by a test listener instead of a host. */
class KafkaEventBusTest {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static KafkaBroker broker;
    private static KafkaProbe probe;

    private final List<KafkaEventBus> buses = new ArrayList<>();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private String input;
    private String output;
    private String deadLetter;
    private String group;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
        probe = KafkaProbe.of(broker);
    }

    @AfterAll
    static void closeBroker() {
        probe.close();
        broker.close();
    }

    @AfterEach
    void stopBuses() {
        buses.forEach(KafkaEventBus::stop);
    }

    /** Creates fresh topics with {@code partitions} partitions for one test, and a fresh group. */
    private void topics(int partitions) {
        int n = NAMES.incrementAndGet();
        input = "onex.test.bus" + n + ".cmd.v1";
        output = "onex.test.bus" + n + ".evt.v1";
        deadLetter = "onex.test.bus" + n + ".error.v1";
        group = "bus-test-" + n;
        broker.createTopic(input, partitions);
        broker.createTopic(output, 1);
        broker.createTopic(deadLetter, 1);
    }

    private KafkaEventBus bus(int maxInflight, int pauseThreshold) {
        EventBusSpec spec = new EventBusSpec(BusKind.KAFKA, new EventBusSpec.Topics(input, output, deadLetter),
                new EventBusSpec.Backpressure(maxInflight, pauseThreshold), Map.of(
                        "bootstrap_servers", broker.bootstrapServers(), "consumer_group", group,
                        "client_properties", Map.of("session.timeout.ms", 6000, "heartbeat.interval.ms", 1000)));
        KafkaEventBus bus = KafkaEventBus.create(spec, ref -> {
            throw new AssertionError("no secrets here");
        }, JsonLog.to(new PrintStream(logs, true, StandardCharsets.UTF_8), JsonLog.Level.DEBUG));
        buses.add(bus);
        return bus;
    }

    private static List<String> values(int count) {
        return IntStream.range(0, count).mapToObj(i -> "{\"n\":" + i + "}").toList();
    }

    private static String text(Inbound message) {
        return new String(((Inbound.Encoded) message).json(), StandardCharsets.UTF_8);
    }

    @Test
    void everyInputRecordIsDeliveredAndAnEnvelopeWrittenIsOnTheOutputTopic() {
        topics(3);
        probe.sendAll(input, values(100));
        Set<String> received = ConcurrentHashMap.newKeySet();
        KafkaEventBus bus = bus(16, 12);
        bus.subscribe(input, (topic, message, settlement) -> {
            received.add(text(message));
            bus.publishEncoded(output, ((Inbound.Encoded) message).json());
            settlement.complete();
        });
        bus.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> received.size() == 100);
        assertThat(received).containsExactlyInAnyOrderElementsOf(values(100));
        assertThat(probe.readAtLeast(output, 100, Duration.ofSeconds(30))).hasSize(100);
        await().atMost(Duration.ofSeconds(30)).until(() -> bus.pending(input) == 0);
    }

    @Test
    void onlyCompletedRecordsAreCommittedSoAnUnsettledOneComesBackToTheNextConsumer() {
        topics(1);
        probe.sendAll(input, values(10));
        List<Settlement> held = new CopyOnWriteArrayList<>();
        KafkaEventBus first = bus(16, 16);
        first.subscribe(input, (topic, message, settlement) -> {
            if (text(message).equals("{\"n\":4}")) {
                held.add(settlement); // never completed: the offset of n=4 must not be committed
            } else {
                settlement.complete();
            }
        });
        first.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> first.health().details().get("delivered").equals(10L));
        first.stop();

        List<String> again = new CopyOnWriteArrayList<>();
        KafkaEventBus second = bus(16, 16);
        second.subscribe(input, (topic, message, settlement) -> {
            again.add(text(message));
            settlement.complete();
        });
        second.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> again.size() == 6);
        assertThat(again).containsExactly(values(10).subList(4, 10).toArray(String[]::new));
    }

    @Test
    void offsetsAreCommittedUpToTheLowestUnfinishedRecordWhateverOrderRecordsFinishIn() {
        topics(1);
        probe.sendAll(input, values(20));
        List<Settlement> settlements = new CopyOnWriteArrayList<>();
        KafkaEventBus first = bus(32, 32);
        first.subscribe(input, (topic, message, settlement) -> settlements.add(settlement));
        first.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> settlements.size() == 20);
        // Finish everything but records 7 and 12, last first.
        for (int i = 19; i >= 0; i--) {
            if (i != 7 && i != 12) {
                settlements.get(i).complete();
            }
        }
        first.stop();
        List<String> again = new CopyOnWriteArrayList<>();
        KafkaEventBus second = bus(32, 32);
        second.subscribe(input, (topic, message, settlement) -> {
            again.add(text(message));
            settlement.complete();
        });
        second.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> again.size() == 13);
        assertThat(again.getFirst()).isEqualTo("{\"n\":7}");
        assertThat(again).hasSize(13);
    }

    @Test
    void partitionsPauseAtTheThresholdSoFetchedRecordsStayBounded() {
        topics(2);
        probe.sendAll(input, values(500));
        List<Settlement> held = new CopyOnWriteArrayList<>();
        KafkaEventBus bus = bus(10, 8);
        bus.subscribe(input, (topic, message, settlement) -> held.add(settlement));
        bus.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> held.size() >= 8);
        await().atMost(Duration.ofSeconds(30)).until(() -> bus.health().details().get("paused_partitions").equals(2));
        // Nothing settles: fetching stops at the threshold, overshooting by at most one poll (8 records here).
        // The bus has no in-flight limit of its own: this listener never waits, so it gets all that was fetched.
        int handed = held.size();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(20)).until(() -> held.size() == handed);
        assertThat(handed).isBetween(8, 8 + 8);
        assertThat(bus.pending(input)).isEqualTo(handed);
        assertThat(bus.inFlight()).isEqualTo(handed);
        // Settling as they come drains everything: the partitions resume below the threshold.
        KafkaEventBus same = bus;
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            held.forEach(Settlement::complete);
            return same.health().details().get("delivered").equals(500L) && same.pending(input) == 0;
        });
    }

    @Test
    void aDeadLetterKeepsTheRecordAndSaysWhereItCameFromAndWhy() {
        topics(1);
        probe.send(input, "key-1", "{not json");
        KafkaEventBus bus = bus(4, 4);
        bus.subscribe(input, (topic, message, settlement) -> settlement.deadLetter(new EnvelopeError(
                ErrorCode.ENVELOPE_VALIDATION_ERROR, "not JSON", null, null, false,
                Map.of("correlation_id", "c0ffee00-0000-4000-8000-000000000001"))));
        bus.start();
        List<KafkaRecord> letters = probe.readAtLeast(deadLetter, 1, Duration.ofSeconds(60));
        assertThat(letters).hasSize(1);
        KafkaRecord letter = letters.getFirst();
        assertThat(letter.text()).isEqualTo("{not json");
        assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("key-1");
        assertThat(letter.headers()).containsEntry("onex.original.topic", input)
                .containsEntry("onex.original.partition", "0")
                .containsEntry("onex.original.offset", "0")
                .containsEntry("onex.error.code", "ENVELOPE_VALIDATION_ERROR")
                .containsEntry("onex.error.message", "not JSON")
                .containsEntry("onex.correlation_id", "c0ffee00-0000-4000-8000-000000000001")
                .containsKey("onex.dead_lettered_at");
        await().atMost(Duration.ofSeconds(30)).until(() -> bus.pending(input) == 0
                && Long.valueOf(1L).equals(bus.health().details().get("dead_lettered")));
    }

    @Test
    void aRecordWithoutAValueGoesToTheDeadLettersWithoutReachingTheListener() {
        topics(1);
        probe.send(input, "tombstone", null);
        AtomicInteger delivered = new AtomicInteger();
        KafkaEventBus bus = bus(4, 4);
        bus.subscribe(input, (topic, message, settlement) -> delivered.incrementAndGet());
        bus.start();
        List<KafkaRecord> letters = probe.readAtLeast(deadLetter, 1, Duration.ofSeconds(60));
        assertThat(letters).singleElement().satisfies(letter ->
                assertThat(letter.headers()).containsEntry("onex.error.message", "the record has no value"));
        assertThat(delivered).hasValue(0);
    }

    @Test
    void anAbandonedRecordIsDeliveredAgainWithWhatWasFetchedAfterIt() {
        topics(1);
        probe.sendAll(input, values(5));
        List<String> deliveries = new CopyOnWriteArrayList<>();
        AtomicInteger abandons = new AtomicInteger();
        KafkaEventBus bus = bus(1, 1);
        bus.subscribe(input, (topic, message, settlement) -> {
            deliveries.add(text(message));
            if (text(message).equals("{\"n\":2}") && abandons.getAndIncrement() == 0) {
                settlement.abandon();
            } else {
                settlement.complete();
            }
        });
        bus.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> deliveries.size() >= 6 && bus.pending(input) == 0
                && deliveries.getLast().equals("{\"n\":4}"));
        assertThat(deliveries).startsWith("{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"n\":2}");
        assertThat(deliveries).containsSubsequence(values(5).toArray(String[]::new));
        assertThat(bus.health().details()).containsEntry("redelivery_rewinds", 1L);
    }

    @Test
    void stopFetchingLeavesOnlyTheDeliveredRecordsPending() {
        topics(1);
        probe.sendAll(input, values(200));
        List<Settlement> held = new CopyOnWriteArrayList<>();
        KafkaEventBus bus = bus(5, 5);
        var subscription = bus.subscribe(input, (topic, message, settlement) -> held.add(settlement));
        bus.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> held.size() >= 5);
        subscription.stopFetching();
        // What was fetched and not handed out is dropped; what was handed out stays pending until settled.
        await().atMost(Duration.ofSeconds(30)).until(() -> bus.pending(input) == held.size());
        int handed = held.size();
        held.forEach(Settlement::complete);
        await().atMost(Duration.ofSeconds(30)).until(() -> bus.pending(input) == 0);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(20)).until(() -> held.size() == handed);
    }

    @Test
    void theBrokerGoingAwayMakesTheBusUnhealthyAndItsReturnHealthyAgainWithoutLosingInput() {
        topics(1);
        Set<String> received = ConcurrentHashMap.newKeySet();
        KafkaEventBus bus = bus(8, 8);
        bus.subscribe(input, (topic, message, settlement) -> {
            received.add(text(message));
            settlement.complete();
        });
        bus.start();
        await().atMost(Duration.ofSeconds(60)).until(bus::kafkaHealthy);
        probe.sendAll(input, values(10));
        await().atMost(Duration.ofSeconds(60)).until(() -> received.size() == 10);
        broker.kill();
        await().atMost(Duration.ofSeconds(30)).until(() -> !bus.kafkaHealthy() && !bus.health().connected()
                && Boolean.FALSE.equals(bus.health().details().get("kafka_healthy")));
        broker.restart();
        await().atMost(Duration.ofSeconds(60)).until(bus::kafkaHealthy);
        probe.sendAll(input, values(20));
        await().atMost(Duration.ofSeconds(60)).until(() -> received.size() == 20);
    }
}
