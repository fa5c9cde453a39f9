package io.onex.wiring;

import static io.onex.wiring.KafkaEndToEndIT.CONTRACT;
import static io.onex.wiring.KafkaEndToEndIT.DEAD_LETTER;
import static io.onex.wiring.KafkaEndToEndIT.INPUT;
import static io.onex.wiring.KafkaEndToEndIT.OUTPUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.testkit.KafkaBroker;
import io.onex.testkit.KafkaProbe;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scale-out is Kafka's consumer group: two host processes with one group share the input
 * partitions, and when one is killed with SIGKILL the other takes its partitions over and answers
 * everything, the killed host's unfinished work included.
 */
class KafkaScaleOutIT {

    private static final String GROUP = "onex-example-orders";
    private static final int PARTITIONS = 4;

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
        broker.createTopic(INPUT, PARTITIONS);
        broker.createTopic(OUTPUT, 2);
        broker.createTopic(DEAD_LETTER, 1);
    }

    @AfterAll
    static void closeBroker() {
        broker.close();
    }

    @Test
    void twoHostsShareThePartitionsAndTheSurvivorOfAKillAnswersEverything() throws Exception {
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        try (Launcher.Running first = Launcher.start(env, "dev", CONTRACT);
                Launcher.Running second = Launcher.start(env, "dev", CONTRACT);
                KafkaProbe probe = KafkaProbe.of(broker)) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> membersWithPartitions() == 2);

            List<UUID> shared = KafkaTraffic.correlations(2_000);
            probe.sendAll(INPUT, KafkaTraffic.requests(shared));
            Set<UUID> expected = new LinkedHashSet<>(shared);
            KafkaTraffic.Answers split = KafkaTraffic.Answers.of(
                    probe.readUntil(OUTPUT, KafkaTraffic.answersAll(expected), Duration.ofSeconds(90)));
            assertThat(split.missing(expected)).as("unanswered with two hosts").isEmpty();
            assertThat(assignedPartitions()).as("partitions per member").hasSize(2)
                    .allSatisfy(count -> assertThat(count).isPositive());

            // The first host dies in the middle of the next batch, without any chance to commit or leave.
            List<UUID> takeover = KafkaTraffic.correlations(2_000);
            probe.sendAll(INPUT, KafkaTraffic.requests(takeover));
            first.process.destroyForcibly();
            assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            expected.addAll(takeover);
            KafkaTraffic.Answers answers = KafkaTraffic.Answers.of(
                    probe.readUntil(OUTPUT, KafkaTraffic.answersAll(expected), Duration.ofSeconds(120)));
            assertThat(answers.missing(expected)).as("unanswered after the kill").isEmpty();
            assertThat(answers.failed()).as("error responses").isEmpty();
            System.out.println("scale-out: " + expected.size() + " requests, " + answers.duplicates(expected)
                    + " duplicate responses after a kill -9");
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> assignedPartitions().equals(List.of(PARTITIONS)));

            Launcher.Result survivor = KafkaTraffic.stop(second);
            assertThat(survivor.exitCode()).as(survivor.stderr()).isZero();
        }
    }

    /** Returns how many partitions each member of the group holds, in member order. */
    private static List<Integer> assignedPartitions() throws Exception {
        try (Admin admin = broker.admin()) {
            Collection<MemberDescription> members = admin.describeConsumerGroups(List.of(GROUP)).all()
                    .get(10, TimeUnit.SECONDS).get(GROUP).members();
            return members.stream().map(m -> m.assignment().topicPartitions().size()).toList();
        }
    }

    private static long membersWithPartitions() throws Exception {
        return assignedPartitions().stream().filter(count -> count > 0).count();
    }
}
