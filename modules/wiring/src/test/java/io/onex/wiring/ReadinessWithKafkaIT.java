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
 * Readiness follows the bus: the packaged host on a real Kafka broker; the broker is killed and
 * started again, and {@code /health/ready} turns 503 (with {@code kafka_healthy: false} in the
 * handlers report) and then 200 again by itself, while {@code /health/live} stays 200; the HTTP
 * ingress answers through the broker.
 */
class ReadinessWithKafkaIT {

    private static final String INPUT = "onex.ready.orders.cmd.v1";
    private static final String OUTPUT = "onex.ready.orders.evt.v1";
    private static final String DEAD_LETTER = "onex.ready.orders.error.v1";

    @TempDir
    Path dir;

    private HealthProbe probe;

    @Test
    void readinessTurns503WhileTheBrokerIsAwayAndBackTo200WhenItReturns() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic(INPUT, 1);
            broker.createTopic(OUTPUT, 1);
            broker.createTopic(DEAD_LETTER, 1);
            Path contract = Launcher.write(dir, "runtime.yaml", """
                    schema_version: "1.0.0"
                    runtime:
                      name: ready_kafka_host
                      version: "1.0.0"
                      environment: dev
                      event_bus:
                        kind: kafka
                        config:
                          bootstrap_servers: "%s"
                          consumer_group: onex-ready-test
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
        {
            {
                probe = HealthProbe.of(host, Duration.ofSeconds(90));
                await().atMost(Duration.ofSeconds(90)).until(() -> probe.status("/health/ready") == 200);
                HttpResponse<String> ingress = probe.post("/v1/envelopes", "{\"target_node\":\"echo\","
                        + "\"handler_type\":\"local\",\"operation\":\"local.echo\",\"payload\":{\"via\":\"kafka\"}}",
                        Duration.ofSeconds(40));
                assertThat(ingress.statusCode()).as(ingress.body()).isEqualTo(200);
                assertThat(ingress.body()).contains("\"success\":true", "\"via\":\"kafka\"");

                broker.kill();
                await().atMost(Duration.ofSeconds(90)).until(() -> probe.status("/health/ready") == 503);
                assertThat(probe.get("/health/handlers").body()).contains("\"kafka_healthy\":false");
                assertThat(probe.status("/health/live")).isEqualTo(200);

                broker.restart();
                await().atMost(Duration.ofSeconds(120)).until(() -> probe.status("/health/ready") == 200);
                assertThat(probe.get("/health/handlers").body()).contains("\"kafka_healthy\":true");
                assertThat(probe.status("/health/live")).isEqualTo(200);

                new ProcessBuilder("kill", "-TERM", Long.toString(host.process.pid())).start().waitFor();
                Launcher.Result result = host.await(Duration.ofSeconds(60));
                assertThat(result.exitCode()).as(result.stderr()).isZero();
            }
        }
    }
}
