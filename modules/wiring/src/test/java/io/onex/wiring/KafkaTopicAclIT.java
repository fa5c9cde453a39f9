package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.testkit.KafkaBroker;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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

    private static final String INPUT = "onex.acl.orders.cmd.v1";
    private static final String OUTPUT = "onex.acl.orders.evt.v1";
    private static final String DEAD_LETTER = "onex.acl.orders.error.v1";
    private static final String GROUP = "onex-acl-test";
    private static final String USER = "onex";
    private static final String PASSWORD = "acl-test-" + java.util.UUID.randomUUID();

    @TempDir
    Path dir;

    @Test
    void aTopicTheHostMayNotWriteIsNamedWithTheAclAndTheHostRecoversOnceGranted() throws Exception {
        try (KafkaBroker broker = KafkaBroker.startWithAcls(USER, PASSWORD)) {
            broker.createTopics(1, INPUT, OUTPUT, DEAD_LETTER);
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
            Path contract = Launcher.write(dir, "runtime.yaml", """
                    schema_version: "1.0.0"
                    runtime:
                      name: acl_kafka_host
                      version: "1.0.0"
                      environment: dev
                      event_bus:
                        kind: kafka
                        config:
                          bootstrap_servers: "%s"
                          consumer_group: %s
                          topics: { input: %s, output: %s, dead_letter: %s }
                          client_properties:
                            security.protocol: SASL_PLAINTEXT
                            sasl.mechanism: PLAIN
                            sasl.jaas.config: { secret_ref: "file:%s" }
                      handlers:
                        - type: local
                      nodes_dir: nodes
                      health: { enabled: true, port: 0 }
                      shutdown: { grace_seconds: 5 }
                    """.formatted(broker.saslBootstrapServers(), GROUP, INPUT, OUTPUT, DEAD_LETTER, jaas));
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
                            + log.substring(Math.max(0, log.length() - 6000)) + "\nbroker log (tail):\n"
                            + broker.logTail(), e);
                }
            }
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
        HttpResponse<String> ingress = probe.post("/v1/envelopes", "{\"target_node\":\"echo\","
                + "\"handler_type\":\"local\",\"operation\":\"local.echo\",\"payload\":{\"via\":\"acl\"}}",
                Duration.ofSeconds(40));
        assertThat(ingress.statusCode()).as(ingress.body()).isEqualTo(200);
        assertThat(ingress.body()).contains("\"success\":true", "\"via\":\"acl\"");

        new ProcessBuilder("kill", "-TERM", Long.toString(host.process.pid())).start().waitFor();
        Launcher.Result result = host.await(Duration.ofSeconds(60));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr()).doesNotContain(PASSWORD);
    }
}
