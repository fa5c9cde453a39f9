package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.testkit.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness follows the bus: the packaged host on a real Kafka broker; the broker is killed and
 * started again, and {@code /health/ready} turns 503 (with {@code kafka_healthy: false} in the
 * handlers report) and then 200 again by itself, while {@code /health/live} stays 200; the HTTP
 * ingress answers through the broker.
 */
class ReadinessWithKafkaIT {

    @TempDir
    Path dir;

    @Test
    void readinessTurns503WhileTheBrokerIsAwayAndBackTo200WhenItReturns() throws Exception {
        HostFixture.Topics topics = HostFixture.Topics.of("ready");
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopics(1, topics.all());
            Path contract = HostFixture.kafkaContract("ready_kafka_host", broker.bootstrapServers(), "onex-ready-test",
                    topics).served().write(dir);
            HostFixture.writeEchoNode(dir);
            HostFixture.runDev(contract, broker, host -> exercise(broker, host));
        }
    }

    private static void exercise(KafkaBroker broker, Launcher.Running host) throws Exception {
        HealthProbe probe = HealthProbe.of(host, Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(90)).until(() -> probe.status("/health/ready") == 200);
        HostFixture.assertEchoes(probe, "kafka");

        broker.kill();
        // Readiness and the bus's details are two reads: each awaited, neither assumed from the other.
        await().atMost(Duration.ofSeconds(90)).until(() -> probe.status("/health/ready") == 503
                && probe.get("/health/handlers").body().contains("\"kafka_healthy\":false"));
        assertThat(probe.status("/health/live")).isEqualTo(200);

        broker.restart();
        await().atMost(Duration.ofSeconds(120)).until(() -> probe.status("/health/ready") == 200
                && probe.get("/health/handlers").body().contains("\"kafka_healthy\":true"));
        assertThat(probe.status("/health/live")).isEqualTo(200);

        HostFixture.stopCleanly(host);
    }
}
