package io.onex.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Kafka fixture: a real broker that tests can write to, read from, kill and restart. */
class KafkaBrokerTest {

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void closeBroker() {
        broker.close();
    }

    @Test
    void aCreatedTopicTakesRecordsAndGivesThemBack() {
        broker.createTopic("onex.test.fixture.cmd.v1", 3);
        try (KafkaProbe probe = KafkaProbe.of(broker)) {
            probe.sendAll("onex.test.fixture.cmd.v1", IntStream.range(0, 30).mapToObj(i -> "m" + i).toList());
            List<KafkaRecord> read = probe.readAtLeast("onex.test.fixture.cmd.v1", 30, Duration.ofSeconds(30));
            assertThat(read).extracting(KafkaRecord::text).containsExactlyInAnyOrderElementsOf(
                    IntStream.range(0, 30).mapToObj(i -> "m" + i).toList());
            assertThat(read).extracting(KafkaRecord::partition).containsOnly(0, 1, 2);
        }
    }

    @Test
    void aKilledBrokerComesBackOnTheSamePortWithItsData() {
        broker.createTopic("onex.test.restart.cmd.v1", 1);
        try (KafkaProbe probe = KafkaProbe.of(broker)) {
            probe.send("onex.test.restart.cmd.v1", "k", "before the kill");
        }
        int port = broker.port();
        broker.kill();
        assertThat(broker.isRunning()).isFalse();
        broker.restart();
        assertThat(broker.port()).isEqualTo(port);
        try (KafkaProbe probe = KafkaProbe.of(broker)) {
            probe.send("onex.test.restart.cmd.v1", "k", "after the restart");
            assertThat(probe.readAtLeast("onex.test.restart.cmd.v1", 2, Duration.ofSeconds(30)))
                    .extracting(KafkaRecord::text).containsExactly("before the kill", "after the restart");
        }
    }

    @Test
    void aGracefullyStoppedBrokerRestartsWithItsTopics() {
        broker.createTopic("onex.test.graceful.cmd.v1", 2);
        broker.stop();
        broker.restart();
        try (KafkaProbe probe = KafkaProbe.of(broker)) {
            probe.send("onex.test.graceful.cmd.v1", "k", "v");
            assertThat(probe.count("onex.test.graceful.cmd.v1")).isEqualTo(1);
        }
    }
}
