package io.onex.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.Envelope;
import io.onex.host.core.codec.DecodeResult;
import io.onex.host.core.codec.EnvelopeCodec;
import io.onex.testkit.KafkaBroker;
import io.onex.testkit.KafkaProbe;
import io.onex.testkit.KafkaRecord;
import io.onex.wiring.HealthProbe;
import io.onex.wiring.HostFixture;
import io.onex.wiring.Launcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka broker killed with SIGKILL while the packaged host works through a batch, then started
 * again on the same port: the host stays alive and live, says {@code kafka_healthy: false} and
 * turns not ready, logs its reconnect attempts, becomes ready again by itself, and answers every
 * request (at least once: what was in flight at the kill may be answered twice, and is counted).
 */
class KafkaBrokerLossChaosIT {

    private static final HostFixture.Topics TOPICS = HostFixture.Topics.of("chaos");
    private static final String INPUT = TOPICS.input();
    private static final String OUTPUT = TOPICS.output();
    private static final String DEAD_LETTER = TOPICS.deadLetter();
    private static final int BEFORE = 6_000;
    private static final int AFTER = 500;
    private static final EnvelopeCodec CODEC = EnvelopeCodec.standard();

    @TempDir
    Path dir;

    @Test
    void aBrokerKilledMidStreamIsReportedUnhealthyReconnectedAndEveryRequestIsAnswered() throws Exception {
        ChaosReport report = ChaosReport.begin("1. Kafka broker killed (SIGKILL) mid-stream and restarted");
        String outcome = "failed";
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic(INPUT, 2);
            broker.createTopic(OUTPUT, 2);
            broker.createTopic(DEAD_LETTER, 1);
            report.event("broker started; topics created");
            try (Launcher.Running host = Launcher.start(Map.of(), "dev", contract(broker).toString())) {
                HealthProbe probe = HealthProbe.of(host, Duration.ofSeconds(90));
                await().atMost(Duration.ofSeconds(90)).until(() -> probe.status("/health/ready") == 200);
                report.event("host ready");
                try (HealthWatch watch = HealthWatch.start(probe, report, signals())) {
                    exercise(broker, host, probe, watch, report);
                }
                Launcher.Result result = host.stop(Duration.ofSeconds(60));
                report.figure("exit code after SIGTERM", result.exitCode());
                assertThat(result.exitCode()).as(result.stderr()).isZero();
            }
            outcome = "passed";
        } finally {
            report.write(outcome);
        }
    }

    private void exercise(KafkaBroker broker, Launcher.Running host, HealthProbe probe, HealthWatch watch,
            ChaosReport report) throws Exception {
        List<UUID> before = correlations(BEFORE);
        List<UUID> after = correlations(AFTER);
        Set<UUID> expected = new LinkedHashSet<>(before);
        expected.addAll(after);
        try (KafkaProbe kafka = KafkaProbe.of(broker)) {
            kafka.sendAll(INPUT, requests(before));
            report.event(BEFORE + " requests produced");
            await().atMost(Duration.ofSeconds(60)).until(() -> kafka.count(OUTPUT) >= 1_000);
            long answeredAtKill = kafka.count(OUTPUT);
            report.event("injected: broker killed (SIGKILL) with " + answeredAtKill + " responses out");
            report.figure("responses out when the broker was killed", answeredAtKill + " of " + BEFORE);
            broker.kill();
        }
        Duration killedAt = report.elapsed();
        await().atMost(Duration.ofSeconds(60)).until(() -> watch.firstSeen("kafka_healthy", "false").isPresent()
                && watch.firstSeen("ready", "503").isPresent());
        assertThat(probe.status("/health/live")).as("live while the broker is away").isEqualTo(200);
        assertThat(host.alive()).isTrue();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> host.stderrSoFar().contains("the Kafka broker is unreachable"));

        report.event("restoring: restarting the broker on the same port");
        Duration restartedAt = report.elapsed();
        broker.restart();
        report.event("broker accepting connections again");
        await().atMost(Duration.ofSeconds(120))
                .until(() -> watch.firstSeenAfter("ready", "200", restartedAt).isPresent());
        report.figure("kafka_healthy false after the kill",
                ChaosReport.seconds(watch.firstSeen("kafka_healthy", "false").orElseThrow().minus(killedAt)));
        report.figure("ready 200 again after the restart", ChaosReport.seconds(
                watch.firstSeenAfter("ready", "200", restartedAt).orElseThrow().minus(restartedAt)));

        List<KafkaRecord> output;
        try (KafkaProbe kafka = KafkaProbe.of(broker)) {
            kafka.sendAll(INPUT, requests(after));
            report.event(AFTER + " more requests produced after the restart");
            output = kafka.readUntil(OUTPUT, records -> tally(records).keySet().containsAll(expected),
                    Duration.ofSeconds(120));
        }
        report.event("every request answered");
        Map<UUID, int[]> counts = tally(output);
        long duplicates = expected.stream()
                .mapToLong(id -> Math.max(0, counts.getOrDefault(id, new int[2])[0] - 1)).sum();
        long failed = expected.stream().filter(id -> counts.containsKey(id) && counts.get(id)[1] > 0).count();
        Set<UUID> missing = new LinkedHashSet<>(expected);
        missing.removeAll(counts.keySet());
        String log = host.stderrSoFar();
        report.figure("requests in", expected.size());
        report.figure("responses out", output.size());
        report.figure("unanswered", missing.size());
        report.figure("duplicate responses (allowed: at-least-once)", duplicates);
        report.figure("error responses", failed);
        report.figure("log: 'broker is unreachable; reconnecting with backoff'",
                occurrences(log, "the Kafka broker is unreachable; reconnecting with backoff"));
        report.figure("log: 'polling the input topic failed; retrying'",
                occurrences(log, "polling the input topic failed; retrying"));
        report.figure("log: 'broker is reachable again'", occurrences(log, "the Kafka broker is reachable again"));
        assertThat(missing).as("unanswered correlation ids").isEmpty();
        assertThat(failed).as("error responses").isZero();
        assertThat(log).contains("the Kafka broker is reachable again");
        assertThat(watch.history("live")).as("liveness never failed").containsOnly("200");
        assertThat(host.alive()).isTrue();
    }

    private static Map<String, Function<HealthProbe, String>> signals() {
        return Map.of("ready", HealthWatch.status("/health/ready"),
                "live", HealthWatch.status("/health/live"),
                "kafka_healthy", HealthWatch.field("/health/handlers", "kafka_healthy"));
    }

    /** Per correlation id: how many responses, and how many of them errors. */
    private static Map<UUID, int[]> tally(List<KafkaRecord> records) {
        Map<UUID, int[]> counts = new HashMap<>();
        for (KafkaRecord record : records) {
            if (CODEC.decode(record.value()) instanceof DecodeResult.Decoded decoded) {
                Envelope response = decoded.envelope();
                int[] count = counts.computeIfAbsent(response.correlationId(), id -> new int[2]);
                count[0]++;
                count[1] += response.success() ? 0 : 1;
            }
        }
        return counts;
    }

    private static long occurrences(String text, String phrase) {
        return text.lines().filter(line -> line.contains(phrase)).count();
    }

    private static List<UUID> correlations(int count) {
        List<UUID> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(UUID.randomUUID());
        }
        return ids;
    }

    private static List<String> requests(List<UUID> correlations) {
        List<String> requests = new ArrayList<>(correlations.size());
        for (int i = 0; i < correlations.size(); i++) {
            requests.add("{\"envelope_id\":\"" + UUID.randomUUID() + "\",\"envelope_version\":\"1.0\","
                    + "\"correlation_id\":\"" + correlations.get(i) + "\",\"target_node\":\"echo\","
                    + "\"handler_type\":\"local\",\"operation\":\"local.echo\",\"payload\":{\"n\":" + i + "},"
                    + "\"timestamp\":\"2026-01-01T00:00:00Z\"}");
        }
        return requests;
    }

    private Path contract(KafkaBroker broker) {
        HostFixture.writeEchoNode(dir);
        return HostFixture.kafkaContract("chaos_kafka", broker.bootstrapServers(), "onex-chaos", TOPICS).served().write(dir);
    }
}
