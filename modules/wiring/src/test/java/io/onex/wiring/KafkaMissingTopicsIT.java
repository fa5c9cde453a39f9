package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.testkit.KafkaBroker;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kafka host whose topics do not exist (the broker creates none by itself, and neither does the
 * host): the packaged host logs a {@code warn} naming each missing topic with the command that
 * creates it, and keeps doing so while they are missing; {@code /health/ready} is 503 with each
 * topic in its reasons while {@code /health/live} stays 200; once the topics are created the host
 * becomes ready by itself, without a restart, and answers envelopes through the broker.
 */
class KafkaMissingTopicsIT {

    private static final String INPUT = "onex.missing.orders.cmd.v1";
    private static final String OUTPUT = "onex.missing.orders.evt.v1";
    private static final String DEAD_LETTER = "onex.missing.orders.error.v1";

    @TempDir
    Path dir;

    @Test
    void missingTopicsAreNamedWithTheFixAndTheHostRecoversOnceTheyExist() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            Path contract = Launcher.write(dir, "runtime.yaml", """
                    schema_version: "1.0.0"
                    runtime:
                      name: missing_topics_host
                      version: "1.0.0"
                      environment: dev
                      event_bus:
                        kind: kafka
                        config:
                          bootstrap_servers: "%s"
                          consumer_group: onex-missing-topics-test
                          topics: { input: %s, output: %s, dead_letter: %s }
                      handlers:
                        - type: local
                      nodes_dir: nodes
                      health: { enabled: true, port: 0 }
                      shutdown: { grace_seconds: 5 }
                    """.formatted(broker.bootstrapServers(), INPUT, OUTPUT, DEAD_LETTER));
            Launcher.write(dir, "nodes/echo.yaml", """
                    schema_version: "1.0.0"
                    name: echo
                    node_type: EFFECT
                    io_operations:
                      - handler: local
                        operations: [local.echo]
                    """);
            try (Launcher.Running host = Launcher.start(Map.of(), "dev", contract.toString())) {
                try {
                    exercise(broker, host);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    String log = host.stderrSoFar();
                    throw new AssertionError(e.getMessage() + "\nhost log (tail):\n"
                            + log.substring(Math.max(0, log.length() - 6000)), e);
                }
            }
        }
    }

    private void exercise(KafkaBroker broker, Launcher.Running host) throws Exception {
        HealthProbe probe = HealthProbe.of(host, Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            HttpResponse<String> ready = probe.get("/health/ready");
            return ready.statusCode() == 503 && ready.body().contains(INPUT) && ready.body().contains(OUTPUT)
                    && ready.body().contains(DEAD_LETTER);
        });
        String reasons = probe.get("/health/ready").body();
        assertThat(reasons).contains("the input topic does not exist", "the output topic does not exist",
                "the dead-letter topic does not exist", "kafka-topics.sh --bootstrap-server "
                        + broker.bootstrapServers() + " --create --topic " + INPUT);
        assertThat(probe.get("/health/handlers").body()).contains("\"topic_problems\"", INPUT);
        assertThat(probe.status("/health/live")).isEqualTo(200);
        for (String topic : new String[] {INPUT, OUTPUT, DEAD_LETTER}) {
            assertThat(host.stderrSoFar()).as("a warn naming " + topic).containsPattern(
                    "\"level\":\"warn\".*\"topic\":\"" + java.util.regex.Pattern.quote(topic) + "\".*kafka-topics");
        }
        // Repeated while it lasts: a second warn for the input topic after the repeat interval.
        await().atMost(Duration.ofSeconds(90)).until(() -> host.stderrSoFar().lines()
                .filter(line -> line.contains("\"level\":\"warn\"") && line.contains("\"topic\":\"" + INPUT + "\""))
                .count() >= 2);

        broker.createTopics(1, INPUT, OUTPUT, DEAD_LETTER);
        await().atMost(Duration.ofSeconds(120)).until(() -> probe.status("/health/ready") == 200);
        assertThat(host.stderrSoFar()).contains("the Kafka topics and group of the host can be used now");
        assertThat(probe.get("/health/handlers").body()).contains("\"topic_problems\":[]");
        HttpResponse<String> ingress = probe.post("/v1/envelopes", "{\"target_node\":\"echo\","
                + "\"handler_type\":\"local\",\"operation\":\"local.echo\",\"payload\":{\"via\":\"kafka\"}}",
                Duration.ofSeconds(40));
        assertThat(ingress.statusCode()).as(ingress.body()).isEqualTo(200);
        assertThat(ingress.body()).contains("\"success\":true", "\"via\":\"kafka\"");
        assertThat(probe.status("/health/live")).isEqualTo(200);

        new ProcessBuilder("kill", "-TERM", Long.toString(host.process.pid())).start().waitFor();
        Launcher.Result result = host.await(Duration.ofSeconds(60));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
    }
}
