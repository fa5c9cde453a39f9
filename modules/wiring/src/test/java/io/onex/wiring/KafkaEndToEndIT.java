package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.Envelope;
import io.onex.host.api.ErrorCode;
import io.onex.testkit.KafkaBroker;
import io.onex.testkit.KafkaProbe;
import io.onex.testkit.KafkaRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runnable Kafka example, {@code examples/kafka/runtime.yaml}, run by the real launcher
 * against a real broker: every request answered on the output topic, kcat as an independent
 * client, unreadable input in the dead letters, and a clean stop.
 */
class KafkaEndToEndIT {

    static final String INPUT = "onex.example.orders.cmd.v1";
    static final String OUTPUT = "onex.example.orders.evt.v1";
    static final String DEAD_LETTER = "onex.example.orders.error.v1";
    static final String CONTRACT = "examples/kafka/runtime.yaml";

    private static KafkaBroker broker;
    private static KafkaProbe probe;
    private static Launcher.Running host;

    @BeforeAll
    static void startBrokerAndHost() throws IOException {
        broker = KafkaBroker.start();
        broker.createTopic(INPUT, 3);
        broker.createTopic(OUTPUT, 3);
        broker.createTopic(DEAD_LETTER, 1);
        probe = KafkaProbe.of(broker);
        host = Launcher.start(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers()), "dev", CONTRACT);
        await().atMost(Duration.ofSeconds(90)).until(() -> host.stderrSoFar().contains("input partitions assigned"));
    }

    @AfterAll
    static void stopHostAndBroker() throws Exception {
        try {
            if (host != null && host.process.isAlive()) {
                Launcher.Result result = KafkaTraffic.stop(host);
                assertThat(result.exitCode()).as(result.stderr()).isZero();
                assertThat(result.stderr()).contains("kafka bus stopped", "runtime host stopped");
            }
        } finally {
            if (probe != null) {
                probe.close();
            }
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Test
    void everyRequestIsAnsweredOnTheOutputTopicWithItsCorrelationId() {
        List<UUID> sent = KafkaTraffic.correlations(1_000);
        probe.sendAll(INPUT, KafkaTraffic.requests(sent));
        Set<UUID> expected = new LinkedHashSet<>(sent);
        List<KafkaRecord> output = probe.readUntil(OUTPUT, KafkaTraffic.answersAll(expected), Duration.ofSeconds(90));
        KafkaTraffic.Answers answers = KafkaTraffic.Answers.of(output);
        assertThat(answers.missing(expected)).as("unanswered correlation ids").isEmpty();
        assertThat(answers.failed()).as("error responses").isEmpty();
        // Nothing failed in this run, so nothing was delivered twice.
        assertThat(answers.duplicates(expected)).as("duplicate responses").isZero();
    }

    @Test
    void aRequestWrittenByKcatIsAnsweredAndTheResponseIsReadableByKcat() throws Exception {
        UUID correlation = UUID.randomUUID();
        // The smallest request docs/KAFKA.md shows: the host fills in the optional fields.
        String request = "{\"correlation_id\":\"" + correlation + "\",\"target_node\":\"echo\","
                + "\"handler_type\":\"local\",\"operation\":\"local.echo\",\"payload\":{\"n\":42}}";
        Kcat.produce(broker.bootstrapServers(), INPUT, "kcat-key", request);
        String line = await().atMost(Duration.ofSeconds(60)).until(
                () -> Kcat.consumeAll(broker.bootstrapServers(), OUTPUT).stream()
                        .filter(l -> l.contains(correlation.toString())).findFirst().orElse(null),
                java.util.Objects::nonNull);
        Envelope response = KafkaTraffic.responses(List.of(new KafkaRecord(OUTPUT, 0, 0, null,
                line.getBytes(StandardCharsets.UTF_8), Map.of()))).getFirst();
        assertThat(response.success()).isTrue();
        assertThat(response.isResponse()).isTrue();
        assertThat(response.correlationId()).isEqualTo(correlation);
        assertThat(response.payload()).isEqualTo(Map.of("n", 42));
    }

    @Test
    void stdioIsRefusedWithTheKafkaBus() throws Exception {
        Launcher.Result result = Launcher.run("", Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers()),
                "dev", CONTRACT, "--stdio");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("--stdio needs the in-memory bus");
    }

    @Test
    void anUndecodableRecordGoesToTheDeadLetterTopicWithItsOriginAndReason() throws Exception {
        Kcat.produce(broker.bootstrapServers(), INPUT, "broken", "{this is not json");
        List<KafkaRecord> letters = probe.readUntil(DEAD_LETTER,
                records -> records.stream().anyMatch(r -> r.text().equals("{this is not json")), Duration.ofSeconds(60));
        KafkaRecord letter = letters.stream().filter(r -> r.text().equals("{this is not json")).findFirst().orElseThrow();
        assertThat(letter.headers()).containsEntry("onex.original.topic", INPUT)
                .containsKey("onex.original.partition").containsKey("onex.original.offset")
                .containsEntry("onex.error.code", ErrorCode.ENVELOPE_VALIDATION_ERROR.name());
        assertThat(letter.header("onex.error.message")).isPresent();
        assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("broken");
        assertThat(KafkaTraffic.responses(probe.readAtLeast(OUTPUT, 0, Duration.ofMillis(500))))
                .noneMatch(r -> r.error() != null && r.error().code() == ErrorCode.ENVELOPE_VALIDATION_ERROR);
    }

    /** kcat, the independent command-line Kafka client (Debian package kcat). */
    static final class Kcat {

        private Kcat() {
        }

        static void produce(String brokers, String topic, String key, String value) throws Exception {
            Process kcat = new ProcessBuilder("kcat", "-P", "-b", brokers, "-t", topic, "-k", key)
                    .redirectErrorStream(true).start();
            try (var in = kcat.getOutputStream()) {
                in.write(value.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(kcat.waitFor(30, TimeUnit.SECONDS)).as("kcat finished").isTrue();
            assertThat(kcat.exitValue()).as(out).isZero();
        }

        /** Reads every record of {@code topic} from its start to its current end, one value per line. */
        static List<String> consumeAll(String brokers, String topic) throws Exception {
            Process kcat = new ProcessBuilder("kcat", "-C", "-b", brokers, "-t", topic, "-o", "beginning", "-e", "-q",
                    "-f", "%s\\n").start();
            String out = new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(kcat.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(kcat.waitFor(30, TimeUnit.SECONDS)).as("kcat finished").isTrue();
            assertThat(kcat.exitValue()).as(err).isZero();
            return out.lines().toList();
        }
    }
}
