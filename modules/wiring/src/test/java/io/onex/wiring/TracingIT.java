package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.core.json.Json;
import io.onex.testkit.HttpRecordedRequest;
import io.onex.testkit.HttpReply;
import io.onex.testkit.TestHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * W3C Trace Context through the packaged host ({@code ./onex-host}): a request's
 * {@code metadata.traceparent} is continued by the response, sent on by the http handler to the
 * server it calls (a real {@link TestHttpServer}), written on the envelope's log lines as
 * {@code trace_id}, and its spans reach an OTLP/HTTP endpoint the test runs (another real JDK HTTP
 * server answering {@code POST /v1/traces}).
 */
class TracingIT {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01";
    private static final Pattern HEADER = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");
    private static final Pattern LISTENING = Pattern.compile(
            "\"message\":\"health server listening\".*?\"port\":(\\d+)");

    private final TestHttpServer api = TestHttpServer.start()
            .answerOtherwise(new HttpReply.Respond(200, Map.of("Content-Type", List.of("application/json")),
                    "{\"id\":7}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    private final TestHttpServer collector = TestHttpServer.start()
            .answerOtherwise(new HttpReply.Respond(200, Map.of("Content-Type", List.of("application/x-protobuf")),
                    new byte[0]));

    @TempDir
    Path dir;

    @AfterEach
    void stopServers() {
        api.close();
        collector.close();
    }

    private Path contract(boolean tracing, String health) {
        Launcher.write(dir, "nodes/users.yaml", """
                schema_version: "1.0.0"
                name: users
                node_type: EFFECT
                description: Reads users through the users API.
                io_operations:
                  - handler: http
                    operations: [http.get]
                """);
        return Launcher.write(dir, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: traced_host
                  version: "1.0.0"
                  environment: dev
                  event_bus: { kind: inmemory }
                  handlers:
                    - type: http
                      config: { base_url: "%s" }
                  nodes_dir: nodes
                %s%s""".formatted(api.url("/api"), tracing ? """
                  tracing:
                    endpoint: "%s"
                    service_name: orders-host
                    export_timeout_ms: 5000
                """.formatted(collector.url("/v1/traces")) : "", health));
    }

    private static String request(String metadata) {
        return "{\"target_node\":\"users\",\"handler_type\":\"http\",\"operation\":\"http.get\","
                + "\"payload\":{\"url\":\"/api/users/7\"}" + metadata + "}\n";
    }

    @SuppressWarnings("unchecked") // JSON objects are read as String-keyed maps
    private static Map<String, Object> metadataOf(String responseLine) {
        Map<String, Object> response = Json.readObject(responseLine);
        assertThat(response).as(responseLine).containsEntry("success", true);
        return (Map<String, Object>) response.get("metadata");
    }

    private static Matcher header(Object value) {
        Matcher matcher = HEADER.matcher(String.valueOf(value));
        assertThat(matcher.matches()).as("a W3C traceparent: %s", value).isTrue();
        return matcher;
    }

    private String outgoingTraceparent() {
        HttpRecordedRequest call = api.awaitRequests(1, Duration.ofSeconds(30)).getFirst();
        return call.header("traceparent").orElseThrow();
    }

    @Test
    void aKnownTraceparentThroughStdioIsContinuedByTheResponseTheHttpCallTheLogsAndTheExportedSpans()
            throws Exception {
        Path runtime = contract(true, "");
        String input = request(",\"metadata\":{\"traceparent\":\"" + TRACEPARENT + "\",\"tracestate\":\"acme=t61\"}");

        Launcher.Result result = Launcher.run(input, Map.of(), "run", runtime.toString(), "--stdio",
                "--log-level", "debug");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Map<String, Object> metadata = metadataOf(result.stdoutLines().getFirst());
        Matcher answered = header(metadata.get("traceparent"));
        assertThat(answered.group(1)).as("the response continues the caller's trace").isEqualTo(TRACE_ID);
        String hostSpan = answered.group(2);
        assertThat(hostSpan).as("the host's own span is the response's parent").isNotEqualTo(CALLER_SPAN);
        assertThat(metadata).containsEntry("tracestate", "acme=t61");

        Matcher sent = header(outgoingTraceparent());
        assertThat(sent.group(1)).as("the http handler sends the same trace on").isEqualTo(TRACE_ID);
        assertThat(sent.group(2)).as("its parent is the handler call's span").isNotIn(CALLER_SPAN, hostSpan);

        assertThat(result.stderr()).containsPattern("\"correlation_id\":\"[0-9a-f-]{36}\",\"trace_id\":\""
                + TRACE_ID + "\"");

        List<HttpRecordedRequest> exports = collector.awaitRequests(1, Duration.ofSeconds(30));
        assertThat(exports.getFirst().method()).isEqualTo("POST");
        assertThat(exports.getFirst().path()).isEqualTo("/v1/traces");
        assertThat(exports.getFirst().header("Content-Type")).hasValue("application/x-protobuf");
        byte[] spans = exports.stream().map(HttpRecordedRequest::body).reduce(new byte[0], TracingIT::concat);
        assertThat(indexOf(spans, HexFormat.of().parseHex(TRACE_ID))).as("the exported spans carry the trace id")
                .isNotNegative();
        assertThat(indexOf(spans, HexFormat.of().parseHex(hostSpan))).as("and the envelope's span id").isNotNegative();
        assertThat(indexOf(spans, HexFormat.of().parseHex(sent.group(2)))).as("and the handler call's span id")
                .isNotNegative();
        assertThat(new String(spans, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("orders-host",
                "onex.binding", "onex.outcome");
    }

    @Test
    void aRequestWithoutTraceparentStartsANewTrace() throws Exception {
        Path runtime = contract(true, "");

        Launcher.Result result = Launcher.run(request(""), Map.of(), "run", runtime.toString(), "--stdio");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Matcher answered = header(metadataOf(result.stdoutLines().getFirst()).get("traceparent"));
        assertThat(header(outgoingTraceparent()).group(1)).isEqualTo(answered.group(1));
        byte[] spans = collector.awaitRequests(1, Duration.ofSeconds(30)).getFirst().body();
        assertThat(indexOf(spans, HexFormat.of().parseHex(answered.group(1)))).isNotNegative();
    }

    @Test
    void withoutTracingTheCallersTraceparentPassesThroughUnchanged() throws Exception {
        Path runtime = contract(false, "");
        String input = request(",\"metadata\":{\"traceparent\":\"" + TRACEPARENT + "\"}");

        Launcher.Result result = Launcher.run(input, Map.of(), "run", runtime.toString(), "--stdio",
                "--log-level", "debug");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(metadataOf(result.stdoutLines().getFirst())).containsEntry("traceparent", TRACEPARENT);
        assertThat(outgoingTraceparent()).isEqualTo(TRACEPARENT);
        assertThat(result.stderr()).contains("\"trace_id\":\"" + TRACE_ID + "\"");
        assertThat(collector.requests()).as("nothing is exported").isEmpty();
    }

    @Test
    void aKnownTraceparentThroughTheIngressIsContinuedByItsAnswer() throws Exception {
        Path runtime = contract(true, """
                  health: { enabled: true, port: 0, ingress: true }
                """);
        try (Launcher.Running host = Launcher.start(Map.of(), "run", runtime.toString())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> LISTENING.matcher(host.stderrSoFar()).find());
            Matcher port = LISTENING.matcher(host.stderrSoFar());
            assertThat(port.find()).isTrue();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port.group(1) + "/v1/envelopes"))
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(request(",\"metadata\":{\"traceparent\":\""
                            + TRACEPARENT + "\"}").strip()))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            Matcher answered = header(metadataOf(answer.body()).get("traceparent"));
            assertThat(answered.group(1)).isEqualTo(TRACE_ID);
            assertThat(answered.group(2)).isNotEqualTo(CALLER_SPAN);
            assertThat(header(outgoingTraceparent()).group(1)).isEqualTo(TRACE_ID);
            host.stop(Duration.ofSeconds(30));
        }
        byte[] spans = collector.awaitRequests(1, Duration.ofSeconds(30)).getFirst().body();
        assertThat(indexOf(spans, HexFormat.of().parseHex(TRACE_ID))).isNotNegative();
    }

    @Test
    void anEnvelopeTheDrainAnswersEndsItsSpanWithThatAnswer() throws Exception {
        // The users API never answers, and the host's grace period is one second: when input
        // ends, the drain runs out and answers the request itself with SERVICE_UNAVAILABLE.
        api.answerOtherwise(HttpReply.hang());
        Path runtime = contract(true, """
                  shutdown: { grace_seconds: 1 }
                """);
        String input = request(",\"metadata\":{\"traceparent\":\"" + TRACEPARENT + "\"}");

        Launcher.Result result = Launcher.run(input, Map.of(), "run", runtime.toString(), "--stdio");

        Map<String, Object> response = Json.readObject(result.stdoutLines().getFirst());
        assertThat(response).as(result.stderr()).containsEntry("success", false);
        assertThat(response.get("error").toString()).contains("SERVICE_UNAVAILABLE", "grace period");
        @SuppressWarnings("unchecked") // JSON objects are read as String-keyed maps
        Map<String, Object> metadata = (Map<String, Object>) response.get("metadata");
        Matcher answered = header(metadata.get("traceparent"));
        assertThat(answered.group(1)).as("the drain's answer continues the caller's trace").isEqualTo(TRACE_ID);
        assertThat(answered.group(2)).as("its parent is the envelope's own span, ended by the drain")
                .isNotEqualTo(CALLER_SPAN);
        byte[] spans = collector.awaitRequests(1, Duration.ofSeconds(30)).stream().map(HttpRecordedRequest::body)
                .reduce(new byte[0], TracingIT::concat);
        assertThat(indexOf(spans, HexFormat.of().parseHex(answered.group(2))))
                .as("the envelope's span was exported, so it ended").isNotNegative();
        assertThat(new String(spans, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("SERVICE_UNAVAILABLE");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
