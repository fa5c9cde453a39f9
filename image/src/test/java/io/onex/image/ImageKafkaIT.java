package io.onex.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.testkit.KafkaBroker;
import io.onex.testkit.KafkaProbe;
import io.onex.testkit.KafkaRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka bus through the runtime image: {@code examples/kafka} served by the image's
 * {@code bin/onex-host} against a real broker. kafka-clients and its compression libraries are
 * automatic modules on the module path and run here with the descriptors the image build gave them.
 */
class ImageKafkaIT {

    private static final String INPUT = "onex.example.orders.cmd.v1";
    private static final String OUTPUT = "onex.example.orders.evt.v1";
    private static final Duration LIMIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void requestsOnTheInputTopicAreAnsweredOnTheOutputTopicAndTheHostStopsCleanly() throws Exception {
        Path image = MadeImage.path();
        try (KafkaBroker broker = KafkaBroker.start(); KafkaProbe probe = KafkaProbe.of(broker)) {
            broker.createTopics(3, INPUT, OUTPUT);
            broker.createTopic("onex.example.orders.error.v1", 1);
            Path err = dir.resolve("stderr");
            ProcessBuilder builder = new ProcessBuilder(image.resolve("bin/onex-host").toString(), "dev",
                    Run.HOME.resolve("examples/kafka/runtime.yaml").toString())
                    .redirectOutput(dir.resolve("stdout").toFile()).redirectError(err.toFile());
            builder.environment().remove("ENVIRONMENT");
            builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
            Process host = builder.start();
            try {
                await().atMost(LIMIT).until(() -> Files.readString(err).contains("input partitions assigned")
                        || !host.isAlive());
                assertThat(host.isAlive()).as("the host stopped early:%n%s", Files.readString(err)).isTrue();

                List<String> correlations = new ArrayList<>();
                List<String> requests = new ArrayList<>();
                for (int n = 0; n < 20; n++) {
                    String correlation = UUID.randomUUID().toString();
                    correlations.add(correlation);
                    requests.add("{\"correlation_id\":\"" + correlation + "\",\"target_node\":\"echo\","
                            + "\"handler_type\":\"local\",\"operation\":\"local.echo\",\"payload\":{\"n\":" + n + "}}");
                }
                probe.sendAll(INPUT, requests);
                List<KafkaRecord> output = probe.readUntil(OUTPUT, records -> correlations.stream()
                        .allMatch(c -> records.stream().anyMatch(r -> r.text().contains(c))), LIMIT);
                for (String correlation : correlations) {
                    assertThat(output).as("the response to %s", correlation).anySatisfy(record -> assertThat(
                            record.text()).contains(correlation, "\"is_response\":true", "\"success\":true"));
                }
            } finally {
                new ProcessBuilder("kill", "-TERM", Long.toString(host.pid())).start().waitFor();
                if (!host.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                    host.destroyForcibly();
                }
            }
            assertThat(host.exitValue()).as(stderr(err)).isZero();
            assertThat(stderr(err)).contains("kafka bus stopped", "runtime host stopped")
                    .doesNotContain("NoClassDefFoundError", "ServiceConfigurationError", "InaccessibleObjectException");
            stderr(err).lines().filter(line -> !line.isBlank()).forEach(line -> assertThat(line)
                    .as("every line of standard error must be a JSON object").startsWith("{").endsWith("}"));
        }
    }

    private static String stderr(Path err) throws IOException {
        return Files.readString(err);
    }
}
