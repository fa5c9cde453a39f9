package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeError;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.testkit.HttpRecordedRequest;
import io.onex.testkit.HttpReply;
import io.onex.testkit.TestHttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP handler through the whole host: a YAML contract from disk, the host started through the
 * embedding API ({@link OnexHost#start}) as {@code onex-host run} runs it, envelopes published on
 * its in-memory bus, and a real HTTP server (the testkit's) on the other side. One host serves every test, so each test
 * also shows that the host keeps running after the failure before it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpHostIT {

    private static final String TOKEN = "Bearer it-s3cr3t";

    private final TestHttpServer server = TestHttpServer.start();
    private HostFixture.InProcessHost host;

    @BeforeAll
    void startHost(@TempDir Path folder) {
        Launcher.write(folder, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: http_host
                  version: "1.0.0"
                  environment: prod
                  event_bus:
                    kind: inmemory
                  handlers:
                    - type: http
                      timeout_ms: 3000
                      config:
                        base_url: "${API_BASE}"
                        default_headers:
                          X-Client: onex-it
                          Authorization: { secret_ref: "env:API_TOKEN" }
                    - type: http
                      name: strict_http
                      timeout_ms: 500
                      config:
                        fail_on_5xx: true
                        connect_timeout_ms: 300
                        max_response_bytes: 65536
                        follow_redirects: never
                  nodes_dir: nodes
                  shutdown: { grace_seconds: 5 }
                """);
        Launcher.write(folder, "nodes/users.yaml", """
                schema_version: "1.0.0"
                name: user_service_effect
                node_type: EFFECT
                description: Reads and writes users through the users API.
                io_operations:
                  - handler: http
                    operations: [http.get, http.post, http.put, http.delete, http.patch]
                    targets: ["%s"]
                """.formatted(server.url("/api/users")));
        Launcher.write(folder, "nodes/prober.yaml", """
                schema_version: "1.0.0"
                name: prober
                node_type: EFFECT
                description: Calls any URL, through the strict binding.
                io_operations:
                  - handler: strict_http
                    operations: [http.get]
                """);
        host = HostFixture.InProcessHost.start(folder.resolve("runtime.yaml"), Map.of("API_BASE", server.url("/api")),
                System.Logger.Level.DEBUG, ref -> ref.reference().equals("env:API_TOKEN") ? TOKEN : "unexpected");
    }

    @AfterEach
    void hostKeepsRunning() {
        assertThat(host.host().state()).isEqualTo("running");
        server.clear();
    }

    @AfterAll
    void stopHost() {
        host.shutdown();
        server.close();
        assertThat(host.logs()).as("the log never shows a resolved secret")
                .doesNotContain("it-s3cr3t");
    }

    private Envelope send(String node, String operation, Map<String, Object> payload) {
        return host.send(Envelope.request(node, HandlerType.of("http"), operation, payload), Duration.ofSeconds(15));
    }

    private Envelope sendToUsers(String operation, Map<String, Object> payload) {
        return send("user_service_effect", operation, payload);
    }

    private static EnvelopeError errorOf(Envelope response) {
        assertThat(response.success()).as("success of %s", response).isFalse();
        return response.error();
    }

    @Test
    void aGetThroughTheContractAnswersWithTheServersJson() {
        server.answer("GET", "/api/users/7", HttpReply.json(200, "{\"id\":7,\"name\":\"Ada\"}"));

        Envelope response = sendToUsers("http.get", Map.of("url", "users/7", "query", Map.of("fields", "name")));

        assertThat(response.success()).isTrue();
        assertThat(response.payload()).containsEntry("status_code", 200)
                .containsEntry("body", Map.of("id", 7, "name", "Ada"));
        HttpRecordedRequest request = server.requests().getFirst();
        assertThat(request.rawQuery()).isEqualTo("fields=name");
        assertThat(request.header("x-client")).contains("onex-it");
        assertThat(request.header("authorization")).contains(TOKEN);
    }

    @Test
    void aPostThroughTheContractSendsItsJsonBody() {
        server.answer("POST", "/api/users", HttpReply.json(201, "{\"id\":8}"));

        Envelope response = sendToUsers("http.post", Map.of("url", server.url("/api/users"),
                "body", Map.of("name", "Grace")));

        assertThat(response.payload()).containsEntry("status_code", 201).containsEntry("body", Map.of("id", 8));
        assertThat(server.requests().getFirst().bodyText()).isEqualTo("{\"name\":\"Grace\"}");
        assertThat(server.requests().getFirst().header("content-type")).contains("application/json");
    }

    @Test
    void everyOtherOperationReachesTheServerWithItsMethod() {
        server.answerOtherwise(HttpReply.status(204));

        for (String operation : List.of("http.put", "http.patch", "http.delete")) {
            assertThat(sendToUsers(operation, Map.of("url", "users/9", "body", Map.of("n", 1))).payload())
                    .containsEntry("status_code", 204);
        }

        assertThat(server.requests()).extracting(HttpRecordedRequest::method).containsExactly("PUT", "PATCH", "DELETE");
    }

    @Test
    void aUrlOutsideTheNodesTargetsIsNotAllowedAndNeverSent() {
        EnvelopeError error = errorOf(sendToUsers("http.get", Map.of("url", server.url("/api/users-admin"))));

        assertThat(error.code()).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
        assertThat(error.retryable()).isFalse();
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aNon2xxAnswerIsAResponseOnABindingWithoutFailOn5xx() {
        server.answer("/api/users/1", HttpReply.text(500, "boom"));

        Envelope response = sendToUsers("http.get", Map.of("url", "users/1"));

        assertThat(response.success()).isTrue();
        assertThat(response.payload()).containsEntry("status_code", 500).containsEntry("body", "boom");
    }

    @Test
    void failOn5xxAnswersWithARetryableServiceUnavailableCarryingTheStatus() {
        server.answer("/health", HttpReply.status(503));

        EnvelopeError error = errorOf(send("prober", "http.get", Map.of("url", server.url("/health"))));

        assertThat(error.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(error.retryable()).isTrue();
        assertThat(error.details()).containsEntry("status_code", 503);
        assertThat(error.handlerType()).isEqualTo(HandlerType.of("http"));
    }

    @Test
    void aServerThatNeverAnswersIsATimeout() {
        server.answer("/slow", HttpReply.hang());

        EnvelopeError error = errorOf(send("prober", "http.get", Map.of("url", server.url("/slow"))));

        assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(error.retryable()).isTrue();
        assertThat(error.message()).contains("500 ms");
    }

    @Test
    void aPortNothingListensOnIsARetryableConnectionError() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        EnvelopeError error = errorOf(send("prober", "http.get", Map.of("url", "http://127.0.0.1:" + closedPort + "/")));

        assertThat(error.code()).isEqualTo(ErrorCode.CONNECTION_ERROR);
        assertThat(error.retryable()).isTrue();
    }

    @Test
    void aResetConnectionIsAConnectionError() {
        server.answer("/flaky", HttpReply.reset());

        assertThat(errorOf(send("prober", "http.get", Map.of("url", server.url("/flaky")))).code())
                .isEqualTo(ErrorCode.CONNECTION_ERROR);
    }

    @Test
    void anOversizeResponseIsStoppedAtTheLimit() {
        server.answer("/dump", HttpReply.endless());

        EnvelopeError error = errorOf(send("prober", "http.get", Map.of("url", server.url("/dump"))));

        assertThat(error.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
        assertThat(error.message()).contains("response larger than 65536 bytes");
        assertThat(error.details()).containsEntry("max_response_bytes", 65536L);
    }

    @Test
    void aMissingUrlIsAnEnvelopeValidationError() {
        assertThat(errorOf(sendToUsers("http.get", Map.of())).code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
    }

    @Test
    void theHandlersHealthCountsItsCallsWithoutShowingSecrets() {
        sendToUsers("http.get", Map.of("url", "users/1"));

        Map<?, ?> health = (Map<?, ?>) host.binding("http").get("health");

        assertThat((Long) health.get("calls")).isPositive();
        assertThat(host.host().status().toString()).doesNotContain("it-s3cr3t");
    }
}
