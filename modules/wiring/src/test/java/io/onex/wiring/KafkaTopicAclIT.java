package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.testkit.KafkaBroker;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kafka host whose principal may not write its output topic: against a broker that enforces
 * ACLs (KRaft StandardAuthorizer, SASL/PLAIN), the packaged host logs a {@code warn} naming the
 * topic and the ACL it lacks with the {@code kafka-acls.sh} command that grants it,
 * {@code /health/ready} is 503 with that reason while {@code /health/live} stays 200, and once
 * the ACL is granted the host becomes ready by itself and answers through the broker.
 */
class KafkaTopicAclIT {

    private static final HostFixture.Topics TOPICS = HostFixture.Topics.of("acl");
    private static final String INPUT = TOPICS.input();
    private static final String OUTPUT = TOPICS.output();
    private static final String DEAD_LETTER = TOPICS.deadLetter();
    private static final String GROUP = "onex-acl-test";
    private static final String USER = "onex";
    private static final String PASSWORD = "acl-test-" + java.util.UUID.randomUUID();

    @TempDir
    Path dir;

    @Test
    void aTopicTheHostMayNotWriteIsNamedWithTheAclAndTheHostRecoversOnceGranted() throws Exception {
        try (KafkaBroker broker = KafkaBroker.startWithAcls(USER, PASSWORD)) {
            broker.createTopics(1, TOPICS.all());
            broker.allow(AclOperation.READ, ResourceType.TOPIC, INPUT);
            broker.allow(AclOperation.READ, ResourceType.GROUP, GROUP);
            broker.allow(AclOperation.WRITE, ResourceType.TOPIC, DEAD_LETTER);
            // The HTTP ingress writes requests to the input topic and reads the answers from the
            // output topic: Write on input and Read (not yet Write) on output.
            broker.allow(AclOperation.WRITE, ResourceType.TOPIC, INPUT);
            broker.allow(AclOperation.READ, ResourceType.TOPIC, OUTPUT);
            Path jaas = Files.writeString(dir.resolve("kafka-jaas"),
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + USER
                            + "\" password=\"" + PASSWORD + "\";");
            Path contract = HostFixture.kafkaContract("acl_kafka_host", broker.saslBootstrapServers(), GROUP, TOPICS)
                    .clientProperty("security.protocol", "SASL_PLAINTEXT")
                    .clientProperty("sasl.mechanism", "PLAIN")
                    .clientProperty("sasl.jaas.config", "{ secret_ref: \"file:" + jaas + "\" }")
                    .served().write(dir);
            HostFixture.writeEchoNode(dir);
            HostFixture.runDev(contract, broker, host -> exercise(broker, host));
        }
    }

    private void exercise(KafkaBroker broker, Launcher.Running host) throws Exception {
        HealthProbe probe = HealthProbe.of(host, Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            HttpResponse<String> ready = probe.get("/health/ready");
            return ready.statusCode() == 503 && ready.body().contains("no Write ACL");
        });
        String reasons = probe.get("/health/ready").body();
        assertThat(reasons).contains(OUTPUT + ": the host may not write the output topic (no Write ACL)",
                "kafka-acls.sh --bootstrap-server " + broker.saslBootstrapServers(), "--operation Write --topic " + OUTPUT);
        assertThat(reasons).doesNotContain(INPUT + ":", DEAD_LETTER + ":", GROUP + ":", PASSWORD);
        assertThat(probe.status("/health/live")).isEqualTo(200);
        assertThat(host.stderrSoFar()).containsPattern("\"level\":\"warn\".*\"topic\":\""
                + java.util.regex.Pattern.quote(OUTPUT) + "\".*no Write ACL.*kafka-acls");

        broker.allow(AclOperation.WRITE, ResourceType.TOPIC, OUTPUT);
        await().atMost(Duration.ofSeconds(120)).until(() -> probe.status("/health/ready") == 200);
        HostFixture.assertEchoes(probe, "acl");

        assertThat(HostFixture.stopCleanly(host).stderr()).doesNotContain(PASSWORD);
    }
}
