package io.onex.bus.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.Envelope;
import io.onex.host.api.HandlerType;
import io.onex.host.api.Inbound;
import io.onex.host.api.contract.BusKind;
import io.onex.host.api.contract.EventBusSpec;
import io.onex.host.core.log.JsonLog;
import io.onex.testkit.KafkaBroker;
import io.onex.testkit.KafkaProbe;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka bus's publish with a callback, against a real broker: the listener answers each
 * record without waiting and settles it when the broker's acknowledgement arrives. An answer
 * acknowledged late (its topic does not exist yet, so the write is retried until it does) holds
 * the commit of its partition at its own offset while the records after it are answered and
 * acknowledged; once its acknowledgement comes, the partition is committed to its end.
 */
class KafkaCallbackSettlementTest {

    private static final HandlerType LOCAL = HandlerType.of("local");
    private static final int RECORDS = 10;
    private static final int LATE = 4;

    private static KafkaBroker broker;
    private static KafkaProbe probe;

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

    @Test
    void anAnswerAcknowledgedLateIsSettledByItsCallbackAndTheCommitWaitsForItInOrder() {
        String input = "onex.test.callback.cmd.v1";
        String output = "onex.test.callback.evt.v1";
        String late = "onex.test.callback.late.v1"; // created only below: the broker does not create topics
        String group = "callback-test";
        broker.createTopics(1, input, output, "onex.test.callback.error.v1");
        probe.sendAll(input, IntStream.range(0, RECORDS).mapToObj(Integer::toString).toList());
        KafkaEventBus bus = bus(input, output, group);
        try {
            bus.subscribe(input, (topic, message, settlement) -> {
                int n = Integer.parseInt(new String(((Inbound.Encoded) message).json(), StandardCharsets.UTF_8));
                Envelope answer = Envelope.request("echo", LOCAL, "local.echo", Map.of("n", n))
                        .withCorrelationId(UUID.randomUUID());
                bus.publish(n == LATE ? late : output, answer, failure -> {
                    if (failure == null) {
                        settlement.complete();
                    } else {
                        settlement.abandon();
                    }
                });
            });
            bus.start();
            assertThat(probe.readAtLeast(output, RECORDS - 1, Duration.ofSeconds(90))).hasSize(RECORDS - 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(group, input) == LATE);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> committed(group, input) == LATE);
            assertThat(bus.inFlight()).isEqualTo(1);

            broker.createTopic(late, 1);
            await().atMost(Duration.ofSeconds(60)).until(() -> committed(group, input) == RECORDS);
            assertThat(probe.count(late)).isEqualTo(1);
            assertThat(bus.inFlight()).isZero();
            assertThat(bus.health().details().get("write_retries")).isNotEqualTo(0L);
        } finally {
            bus.stop();
        }
    }

    private static KafkaEventBus bus(String input, String output, String group) {
        EventBusSpec spec = new EventBusSpec(BusKind.KAFKA, new EventBusSpec.Topics(input, output,
                "onex.test.callback.error.v1"), new EventBusSpec.Backpressure(16, 16), Map.of(
                        "bootstrap_servers", broker.bootstrapServers(), "consumer_group", group,
                        // A short wait for the missing topic's metadata, so that its write is retried soon.
                        "client_properties", Map.of("max.block.ms", 1000)));
        return KafkaEventBus.create(spec, ref -> {
            throw new AssertionError("no secrets here");
        }, JsonLog.to(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), JsonLog.Level.DEBUG));
    }

    /** Returns the group's committed offset of the input's one partition, 0 when none is committed. */
    private static long committed(String group, String input) throws Exception {
        try (Admin admin = broker.admin()) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(input, 0));
            return offset == null ? 0 : offset.offset();
        }
    }
}
