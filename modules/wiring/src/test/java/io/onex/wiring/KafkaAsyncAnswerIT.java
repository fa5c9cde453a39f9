package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.Envelope;
import io.onex.testkit.KafkaBroker;
import io.onex.testkit.KafkaProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged host on Kafka answers with the bus's publish that does not wait for the broker:
 * every input is committed once its answer is acknowledged. A local echo still runs on a thread
 * of its own, not on the bus's delivering thread (the debug line "envelope accepted" says
 * {@code inline: false}): running it there was measured and made the p99 worse
 * (docs/PERFORMANCE.md). A response
 * the broker refuses for good (the output topic takes records of at most 64 bytes, less than even
 * the error envelope that stands in for a response too large) is settled once: its input is
 * committed and not executed again on every delivery.
 */
class KafkaAsyncAnswerIT {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static KafkaBroker broker;
    private static KafkaProbe probe;

    @TempDir
    Path dir;

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
    void everyEchoOnKafkaIsAnsweredAndItsInputCommittedOnceTheAnswerIsAcknowledged() throws Exception {
        int n = NAMES.incrementAndGet();
        String input = "onex.test.async" + n + ".cmd.v1";
        String output = "onex.test.async" + n + ".evt.v1";
        String group = "async-" + n;
        broker.createTopics(1, input, output, "onex.test.async" + n + ".error.v1");
        List<UUID> correlations = KafkaTraffic.correlations(20);
        try (Launcher.Running host = start(input, output, group)) {
            awaitAssigned(host);
            probe.sendAll(input, KafkaTraffic.requests(correlations));
            List<Envelope> responses = KafkaTraffic.responses(probe.readAtLeast(output, correlations.size(),
                    Duration.ofSeconds(120)));
            assertThat(responses).extracting(Envelope::correlationId).containsExactlyInAnyOrderElementsOf(correlations);
            assertThat(responses).allMatch(Envelope::success);
            await().atMost(Duration.ofSeconds(60)).until(() -> committed(group, input) == correlations.size());
            Launcher.Result stopped = KafkaTraffic.stop(host);
            assertThat(stopped.exitCode()).as(stopped.stderr()).isZero();
            List<String> accepted = stopped.stderr().lines().filter(line -> line.contains("envelope accepted")).toList();
            assertThat(accepted).as(stopped.stderr()).isNotEmpty();
            assertThat(accepted).as("every echo ran on a thread of its own")
                    .allMatch(line -> line.contains("\"inline\":false"));
        }
    }

    @Test
    void aResponseTheBrokerRefusesForGoodIsSettledOnceAndNotExecutedAgain() throws Exception {
        int n = NAMES.incrementAndGet();
        String input = "onex.test.async" + n + ".cmd.v1";
        String output = "onex.test.async" + n + ".evt.v1";
        String group = "async-" + n;
        broker.createTopics(1, input, "onex.test.async" + n + ".error.v1");
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(output, 1, (short) 1).configs(Map.of("max.message.bytes", "64"))))
                    .all().get();
        }
        UUID refused = UUID.randomUUID();
        try (Launcher.Running host = start(input, output, group)) {
            awaitAssigned(host);
            probe.send(input, "refused", KafkaTraffic.request(refused, 1));
            await().atMost(Duration.ofSeconds(90)).until(() -> committed(group, input) == 1);
            Launcher.Result stopped = KafkaTraffic.stop(host);
            assertThat(stopped.exitCode()).as(stopped.stderr()).isZero();
            assertThat(stopped.stderr().lines().filter(line -> line.contains("envelope accepted")))
                    .as("the request ran once, not again on a redelivery").hasSize(1);
            assertThat(stopped.stderr().lines().filter(line -> line.contains("the bus refused a response for good")))
                    .as(stopped.stderr()).hasSize(1);
            assertThat(stopped.stderr()).doesNotContain("the input goes back to the bus");
            assertThat(probe.count(output)).isZero();
        }
    }

    private Launcher.Running start(String input, String output, String group) throws Exception {
        Path runtime = Launcher.write(dir, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: async_answers
                  version: "1.0.0"
                  environment: dev
                  event_bus:
                    kind: kafka
                    config:
                      bootstrap_servers: "${KAFKA_BOOTSTRAP_SERVERS}"
                      consumer_group: %s
                      topics: { input: %s, output: %s, dead_letter: %s }
                  handlers:
                    - type: local
                  nodes_dir: nodes
                  shutdown: { grace_seconds: 10 }
                """.formatted(group, input, output, input.replace(".cmd.", ".error.")));
        Launcher.write(dir, "nodes/echo.yaml", """
                schema_version: "1.0.0"
                name: echo
                node_type: EFFECT
                io_operations:
                  - handler: local
                    operations: [local.echo]
                """);
        return Launcher.start(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers()), "dev",
                runtime.toString(), "--log-level", "debug");
    }

    private static void awaitAssigned(Launcher.Running host) {
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> host.stderrSoFar().contains("input partitions assigned"));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the host did not join its group: " + host.stderrSoFar(), e);
        }
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
