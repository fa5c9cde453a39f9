package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.Envelope;
import io.onex.host.api.ErrorCode;
import io.onex.testkit.HttpReply;
import io.onex.testkit.KafkaBroker;
import io.onex.testkit.KafkaProbe;
import io.onex.testkit.KafkaRecord;
import io.onex.testkit.TestHttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small request whose response is larger than a Kafka record may be: an HTTP answer of 2 MiB,
 * well inside the binding's {@code max_response_bytes} (10 MiB) but beyond the producer's and
 * the broker's default record limit (1 MiB). The host answers it once, with an EVENT_BUS_ERROR
 * envelope that names the size and the limit, commits it and goes on; it does not hand the input
 * back to the bus to be executed again and again (which would repeat the HTTP call and stall the
 * partition).
 */
class KafkaResponseSizeIT {

    private static final String INPUT = KafkaEndToEndIT.INPUT;
    private static final String OUTPUT = KafkaEndToEndIT.OUTPUT;
    private static final String DEAD_LETTER = KafkaEndToEndIT.DEAD_LETTER;

    @TempDir
    Path dir;

    @Test
    void aResponseLargerThanARecordIsAnsweredOnceWithAnErrorAndTheNextRequestIsAnswered() throws Exception {
        try (TestHttpServer server = TestHttpServer.start();
                KafkaBroker broker = KafkaBroker.start();
                KafkaProbe probe = KafkaProbe.of(broker)) {
            server.answer("GET", "/big", HttpReply.text(200, "x".repeat(2 * 1024 * 1024)));
            server.answer("GET", "/small", HttpReply.text(200, "fine"));
            broker.createTopic(INPUT, 1);
            broker.createTopic(OUTPUT, 1);
            broker.createTopic(DEAD_LETTER, 1);
            Path runtime = Launcher.write(dir, "runtime.yaml", """
                    schema_version: "1.0.0"
                    runtime:
                      name: big_answers
                      version: "1.0.0"
                      environment: dev
                      event_bus:
                        kind: kafka
                        config:
                          bootstrap_servers: "${KAFKA_BOOTSTRAP_SERVERS}"
                          consumer_group: big-answers
                          topics: { input: %s, output: %s, dead_letter: %s }
                      handlers:
                        - type: http
                          timeout_ms: 10000
                      nodes_dir: nodes
                      shutdown: { grace_seconds: 10 }
                    """.formatted(INPUT, OUTPUT, DEAD_LETTER));
            Launcher.write(dir, "nodes/fetcher.yaml", """
                    schema_version: "1.0.0"
                    name: fetcher
                    node_type: EFFECT
                    io_operations:
                      - handler: http
                        operations: [http.get]
                        targets: ["%s"]
                    """.formatted(server.url("/")));
            UUID big = UUID.randomUUID();
            UUID small = UUID.randomUUID();
            try (Launcher.Running host = Launcher.start(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers()),
                    "dev", runtime.toString())) {
                await().atMost(Duration.ofSeconds(90)).until(() -> host.stderrSoFar().contains("input partitions assigned"));
                probe.send(INPUT, "big", request(big, server.url("/big")));
                probe.send(INPUT, "small", request(small, server.url("/small")));

                List<KafkaRecord> output = probe.readUntil(OUTPUT, records -> answers(records, big) >= 1
                        && answers(records, small) >= 1, Duration.ofSeconds(120));
                Launcher.Result stopped = KafkaTraffic.stop(host);

                assertThat(stopped.exitCode()).as(stopped.stderr()).isZero();
                List<Envelope> responses = KafkaTraffic.responses(probe.readAtLeast(OUTPUT, output.size(),
                        Duration.ofSeconds(30)));
                List<Envelope> bigAnswers = responses.stream().filter(r -> big.equals(r.correlationId())).toList();
                assertThat(bigAnswers).as(stopped.stderr()).hasSize(1);
                Envelope bigAnswer = bigAnswers.getFirst();
                assertThat(bigAnswer.success()).isFalse();
                assertThat(bigAnswer.error().code()).isEqualTo(ErrorCode.EVENT_BUS_ERROR);
                assertThat(bigAnswer.error().message()).contains("bytes, larger than a Kafka record may be");
                assertThat(bigAnswer.error().details().get("response_bytes")).isInstanceOf(Integer.class);
                assertThat((Integer) bigAnswer.error().details().get("response_bytes")).isGreaterThan(2 * 1024 * 1024);
                assertThat(bigAnswer.metadata()).containsEntry(Envelope.ORIGINAL_TARGET_NODE, "fetcher");
                assertThat(responses).filteredOn(r -> small.equals(r.correlationId())).singleElement()
                        .satisfies(r -> assertThat(r.success()).isTrue());
                assertThat(server.requests()).filteredOn(r -> r.path().equals("/big"))
                        .as("the large call is made once, not again on every redelivery").hasSize(1);
                assertThat(stopped.stderr()).doesNotContain("the input goes back to the bus");
            }
        }
    }

    private static String request(UUID correlation, String url) {
        return "{\"correlation_id\":\"" + correlation + "\",\"target_node\":\"fetcher\",\"handler_type\":\"http\","
                + "\"operation\":\"http.get\",\"payload\":{\"url\":\"" + url + "\"}}";
    }

    private static long answers(List<KafkaRecord> records, UUID correlation) {
        return KafkaTraffic.responses(records).stream().filter(r -> correlation.equals(r.correlationId())).count();
    }
}
