package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.testkit.KafkaBroker;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
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

    private static final HostFixture.Topics TOPICS = HostFixture.Topics.of("missing");
    private static final String INPUT = TOPICS.input();
    private static final String OUTPUT = TOPICS.output();
    private static final String DEAD_LETTER = TOPICS.deadLetter();

    @TempDir
    Path dir;

    @Test
    void missingTopicsAreNamedWithTheFixAndTheHostRecoversOnceTheyExist() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            Path contract = HostFixture.kafkaContract("missing_topics_host", broker.bootstrapServers(),
                    "onex-missing-topics-test", TOPICS).served().write(dir);
            HostFixture.writeEchoNode(dir);
            HostFixture.runDev(contract, broker, host -> exercise(broker, host));
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

        broker.createTopics(1, TOPICS.all());
        await().atMost(Duration.ofSeconds(120)).until(() -> probe.status("/health/ready") == 200);
        // The bus publishes the solved check before it logs it, and the log reaches us through a pipe.
        await().atMost(Duration.ofSeconds(30)).until(() -> host.stderrSoFar()
                .contains("the Kafka topics and group of the host can be used now"));
        assertThat(probe.get("/health/handlers").body()).contains("\"topic_problems\":[]");
        HostFixture.assertEchoes(probe, "kafka");
        assertThat(probe.status("/health/live")).isEqualTo(200);

        HostFixture.stopCleanly(host);
    }
}
