package io.onex.wiring;

import static io.onex.wiring.KafkaEndToEndIT.CONTRACT;
import static io.onex.wiring.KafkaEndToEndIT.DEAD_LETTER;
import static io.onex.wiring.KafkaEndToEndIT.INPUT;
import static io.onex.wiring.KafkaEndToEndIT.OUTPUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.testkit.KafkaBroker;
import io.onex.testkit.KafkaProbe;
import io.onex.testkit.KafkaRecord;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Taking things away mid-stream: a broker killed with SIGKILL and started again (the host does
 * not crash, says the broker is gone, reconnects by itself and answers every request), and a
 * host stopped with SIGTERM (it commits what it answered, and its successor answers the rest).
 */
class KafkaBrokerRestartIT {

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
        broker.createTopic(INPUT, 2);
        broker.createTopic(OUTPUT, 2);
        broker.createTopic(DEAD_LETTER, 1);
    }

    @AfterAll
    static void closeBroker() {
        broker.close();
    }

    @Test
    void aHostStoppedMidStreamCommitsWhatItAnsweredAndItsSuccessorAnswersTheRestOnce() throws Exception {
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        List<UUID> sent = KafkaTraffic.correlations(8_000);
        Set<UUID> expected = new LinkedHashSet<>(sent);
        try (KafkaProbe probe = KafkaProbe.of(broker)) {
            long before = probe.count(OUTPUT);
            try (Launcher.Running first = Launcher.start(env, "dev", CONTRACT)) {
                await().atMost(Duration.ofSeconds(90)).until(() -> first.stderrSoFar().contains("input partitions assigned"));
                probe.sendAll(INPUT, KafkaTraffic.requests(sent));
                await().atMost(Duration.ofSeconds(60)).until(() -> probe.count(OUTPUT) - before >= 1_000);
                Launcher.Result stopped = KafkaTraffic.stop(first);
                assertThat(stopped.exitCode()).as(stopped.stderr()).isZero();
                assertThat(stopped.stderr()).contains("draining", "kafka bus stopped");
            }
            try (Launcher.Running second = Launcher.start(env, "dev", CONTRACT)) {
                KafkaTraffic.Answers answers = KafkaTraffic.Answers.of(
                        probe.readUntil(OUTPUT, KafkaTraffic.answersAll(expected), Duration.ofSeconds(90)));
                assertThat(answers.missing(expected)).as("unanswered correlation ids").isEmpty();
                // A clean stop finishes and commits what it took, and lets go of the rest uncommitted.
                assertThat(answers.duplicates(expected)).as("duplicate responses").isZero();
                Launcher.Result result = KafkaTraffic.stop(second);
                assertThat(result.exitCode()).as(result.stderr()).isZero();
            }
        }
    }

    @Test
    void aBrokerKilledAndRestartedMidStreamLosesNothing() throws Exception {
        List<UUID> before = KafkaTraffic.correlations(8_000);
        List<UUID> after = KafkaTraffic.correlations(500);
        Set<UUID> expected = new LinkedHashSet<>(before);
        expected.addAll(after);
        try (Launcher.Running host = Launcher.start(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers()),
                "dev", CONTRACT)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> host.stderrSoFar().contains("input partitions assigned"));
            long answeredAtKill;
            try (KafkaProbe probe = KafkaProbe.of(broker)) {
                long earlier = probe.count(OUTPUT);
                probe.sendAll(INPUT, KafkaTraffic.requests(before));
                // The broker dies while the host is working through the batch.
                await().atMost(Duration.ofSeconds(60)).until(() -> probe.count(OUTPUT) - earlier >= 1_000);
                answeredAtKill = probe.count(OUTPUT) - earlier;
                broker.kill();
            }
            System.out.println("broker restart: killed with about " + answeredAtKill + " of " + before.size()
                    + " answered");
            await().atMost(Duration.ofSeconds(30)).until(() -> host.stderrSoFar().contains("the Kafka broker is unreachable"));
            assertThat(host.process.isAlive()).isTrue();
            broker.restart();
            await().atMost(Duration.ofSeconds(60)).until(() -> host.stderrSoFar().contains("the Kafka broker is reachable again"));

            List<KafkaRecord> output;
            try (KafkaProbe probe = KafkaProbe.of(broker)) {
                probe.sendAll(INPUT, KafkaTraffic.requests(after));
                output = probe.readUntil(OUTPUT, KafkaTraffic.answersAll(expected), Duration.ofSeconds(120));
            }
            KafkaTraffic.Answers answers = KafkaTraffic.Answers.of(output);
            assertThat(answers.missing(expected)).as("unanswered correlation ids").isEmpty();
            assertThat(answers.failed()).as("error responses").isEmpty();
            // At-least-once: what was in flight when the broker died may be answered twice; report it.
            System.out.println("broker restart: " + expected.size() + " requests, "
                    + answers.duplicates(expected) + " duplicate responses");
            assertThat(host.process.isAlive()).isTrue();

            Launcher.Result result = KafkaTraffic.stop(host);
            assertThat(result.exitCode()).as(result.stderr()).isZero();
        }
    }
}
