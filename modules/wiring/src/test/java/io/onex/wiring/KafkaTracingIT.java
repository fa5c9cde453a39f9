package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.Envelope;
import io.onex.testkit.HttpRecordedRequest;
import io.onex.testkit.HttpReply;
import io.onex.testkit.KafkaBroker;
import io.onex.testkit.KafkaProbe;
import io.onex.testkit.KafkaRecord;
import io.onex.testkit.TestHttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * W3C Trace Context through the packaged host on a real Kafka broker: an input record's
 * {@code traceparent} header is continued by the output record's header and the response's
 * metadata, and the span reaches the OTLP/HTTP endpoint the test runs.
 */
class KafkaTracingIT {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN = "b7ad6b7169203331";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01";

    @TempDir
    Path dir;

    @Test
    void aTraceparentRecordHeaderIsContinuedOnTheOutputRecordAndExported() throws Exception {
        Path example = Launcher.HOME.resolve("examples/kafka");
        try (TestHttpServer collector = TestHttpServer.start().answerOtherwise(new HttpReply.Respond(200,
                Map.of("Content-Type", List.of("application/x-protobuf")), new byte[0]));
                KafkaBroker broker = KafkaBroker.start();
                KafkaProbe probe = KafkaProbe.of(broker)) {
            broker.createTopic(KafkaEndToEndIT.INPUT, 1);
            broker.createTopic(KafkaEndToEndIT.OUTPUT, 1);
            broker.createTopic(KafkaEndToEndIT.DEAD_LETTER, 1);
            Launcher.write(dir, "nodes/echo.yaml", Files.readString(example.resolve("nodes/echo.yaml")));
            Path runtime = Launcher.write(dir, "runtime.yaml", Files.readString(example.resolve("runtime.yaml"))
                    + "  tracing:\n    endpoint: \"" + collector.url("/v1/traces") + "\"\n");
            UUID correlation = UUID.randomUUID();
            try (Launcher.Running host = Launcher.start(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers()),
                    "dev", runtime.toString())) {
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> host.stderrSoFar().contains("input partitions assigned"));
                String request = "{\"correlation_id\":\"" + correlation + "\",\"target_node\":\"echo\","
                        + "\"handler_type\":\"local\",\"operation\":\"local.echo\",\"payload\":{\"n\":1}}";
                probe.send(KafkaEndToEndIT.INPUT, null, request.getBytes(StandardCharsets.UTF_8),
                        Map.of("traceparent", TRACEPARENT, "tracestate", "acme=k1"));

                List<KafkaRecord> output = probe.readUntil(KafkaEndToEndIT.OUTPUT,
                        records -> records.stream().anyMatch(r -> r.text().contains(correlation.toString())),
                        Duration.ofSeconds(60));
                KafkaRecord record = output.stream().filter(r -> r.text().contains(correlation.toString()))
                        .findFirst().orElseThrow();
                String header = record.header("traceparent").orElseThrow();
                assertThat(header).startsWith("00-" + TRACE_ID + "-").endsWith("-01")
                        .doesNotContain(CALLER_SPAN);
                assertThat(record.header("tracestate")).hasValue("acme=k1");
                Envelope response = KafkaTraffic.responses(List.of(record)).getFirst();
                assertThat(response.success()).isTrue();
                assertThat(response.metadata()).containsEntry("traceparent", header);
                KafkaTraffic.stop(host);
            }
            HttpRecordedRequest export = collector.awaitRequests(1, Duration.ofSeconds(30)).getFirst();
            byte[] traceId = HexFormat.of().parseHex(TRACE_ID);
            byte[] body = export.body();
            boolean found = false;
            for (int i = 0; i + traceId.length <= body.length && !found; i++) {
                found = java.util.Arrays.equals(body, i, i + traceId.length, traceId, 0, traceId.length);
            }
            assertThat(found).as("the exported span carries the record's trace id").isTrue();
        }
    }
}
