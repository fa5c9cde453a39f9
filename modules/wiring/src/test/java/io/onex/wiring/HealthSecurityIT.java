package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hardened health server through the real launcher: the ingress is off outside {@code dev}
 * unless the contract turns it on, a bearer token read from a secret file guards the ingress and
 * {@code /health/handlers} (and a rotated file takes effect without a restart), and slow clients
 * are cut off while the probes keep answering.
 */
class HealthSecurityIT {

    private static final String TOKEN = "health-bearer-5f2c81";
    private static final String ROTATED = "health-bearer-rotated-77ad";
    private static final String ECHO = "{\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\","
            + "\"payload\":{\"hello\":\"world\"}}";

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Writes a staging contract with the quick start's echo node and the given health section. */
    private Path contract(String health) throws IOException {
        Launcher.write(dir, "nodes/echo.yaml",
                Files.readString(Launcher.HOME.resolve("examples/quickstart/nodes/echo.yaml")));
        return Launcher.write(dir, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: guarded_host
                  version: "0.1.0"
                  environment: staging
                  event_bus: { kind: inmemory }
                  handlers:
                    - type: local
                      timeout_ms: 1000
                  nodes_dir: nodes
                  health: %s
                  shutdown: { grace_seconds: 5 }
                """.formatted(health));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String base(Launcher.Running host) {
        HealthProbe.of(host, Duration.ofSeconds(60));
        java.util.regex.Matcher port = java.util.regex.Pattern.compile(
                "\"message\":\"health server listening\".*?\"port\":(\\d+)").matcher(host.stderrSoFar());
        assertThat(port.find()).isTrue();
        return "http://127.0.0.1:" + port.group(1);
    }

    private static void stop(Launcher.Running host) throws Exception {
        new ProcessBuilder("kill", "-TERM", Long.toString(host.process.pid())).start().waitFor();
        Launcher.Result result = host.await(Duration.ofSeconds(60));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
    }

    @Test
    void outsideDevTheIngressIsOffUnlessTheContractTurnsItOn() throws Exception {
        Path contract = contract("{ enabled: true, port: 0 }");
        try (Launcher.Running host = Launcher.start(Map.of(), "dev", contract.toString())) {
            String base = base(host);
            HttpResponse<String> ingress = send(HttpRequest.newBuilder(URI.create(base + "/v1/envelopes"))
                    .POST(HttpRequest.BodyPublishers.ofString(ECHO)));

            assertThat(ingress.statusCode()).isEqualTo(404);
            assertThat(host.stderrSoFar()).contains("\"ingress\":false");
            stop(host);
        }
    }

    @Test
    void theTokenGuardsTheIngressAndTheHandlersReportAndARotatedTokenTakesEffect() throws Exception {
        Path token = Launcher.write(dir, "secrets/health-token", TOKEN + "\n");
        Path contract = contract("{ enabled: true, port: 0, ingress: true, auth_token: { secret_ref: \"file:"
                + token + "\" } }");
        try (Launcher.Running host = Launcher.start(Map.of(), "dev", contract.toString())) {
            String base = base(host);
            HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(base + "/v1/envelopes"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(ECHO));

            HttpResponse<String> noToken = send(post.copy());
            HttpResponse<String> wrongToken = send(post.copy().header("Authorization", "Bearer " + ROTATED));
            HttpResponse<String> handlersNoToken = send(HttpRequest.newBuilder(URI.create(base + "/health/handlers")));
            HttpResponse<String> answer = send(post.copy().header("Authorization", "Bearer " + TOKEN));
            HttpResponse<String> handlers = send(HttpRequest.newBuilder(URI.create(base + "/health/handlers"))
                    .header("Authorization", "Bearer " + TOKEN));

            for (HttpResponse<String> refused : List.of(noToken, wrongToken, handlersNoToken)) {
                assertThat(refused.statusCode()).isEqualTo(401);
                assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"onex-host\"");
                assertThat(refused.body()).isEmpty();
            }
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"success\":true", "\"hello\":\"world\"");
            assertThat(handlers.statusCode()).isEqualTo(200);
            assertThat(handlers.body()).contains("\"node\":\"echo\"").doesNotContain(TOKEN);
            // The probes and the metrics stay open.
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/health/live"))).statusCode()).isEqualTo(200);
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/health/ready"))).statusCode()).isEqualTo(200);
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/metrics"))).statusCode()).isEqualTo(200);

            // Rotation: the file changes; the secret cache still holds the old value, and the
            // first request with the new token reads the source again.
            Files.writeString(token, ROTATED + "\n");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> send(
                    HttpRequest.newBuilder(URI.create(base + "/health/handlers"))
                            .header("Authorization", "Bearer " + ROTATED)).statusCode() == 200);
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/health/handlers"))
                    .header("Authorization", "Bearer " + TOKEN)).statusCode()).isEqualTo(401);

            stop(host);
            assertThat(host.stderrSoFar()).contains("\"auth\":\"bearer token (ingress, handlers)\"")
                    .doesNotContain(TOKEN).doesNotContain(ROTATED);
        }
        Launcher.Result describe = Launcher.run("describe", contract.toString());
        assertThat(describe.exitCode()).as(describe.stderr()).isZero();
        assertThat(describe.stdout()).contains("\"auth_token\"", "file:" + token).doesNotContain(TOKEN)
                .doesNotContain(ROTATED);
    }

    @Test
    void aTokenThatCannotBeReadFailsTheStartNamingOnlyTheReference() throws Exception {
        Path contract = contract("{ enabled: true, port: 0, auth_token: { secret_ref: \"env:ONEX_HEALTH_TOKEN_UNSET\" } }");
        try (Launcher.Running host = Launcher.start(Map.of(), "dev", contract.toString())) {
            Launcher.Result result = host.await(Duration.ofSeconds(60));

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr()).contains("auth_token cannot be read", "env:ONEX_HEALTH_TOKEN_UNSET");
        }
    }

    /** Opens a connection that sends {@code head} and then nothing more. */
    private static Socket halfSent(int port, String head) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout((int) Duration.ofSeconds(60).toMillis());
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    private static String statusLine(int port, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return line == null ? "" : line;
        }
    }

    @Test
    void halfSentRequestsAreCutOffAndTheProbesAnswerDuringAndAfter() throws Exception {
        Path contract = contract("{ enabled: true, port: 0, read_timeout_seconds: 2 }");
        try (Launcher.Running host = Launcher.start(Map.of(), "dev", contract.toString())) {
            int port = Integer.parseInt(base(host).replaceAll(".*:", ""));
            List<Socket> sockets = new ArrayList<>();
            List<CompletableFuture<Boolean>> closed = new ArrayList<>();
            try {
                // 1,000 clients that never finish a request (the default cap is 64): most are refused at
                // once, the rest cut off.
                for (int i = 0; i < 1_000; i++) {
                    Socket socket = halfSent(port, i % 2 == 0 ? "GET /health/ready HTTP/1.1\r\nHost: x\r\nX-Slow: "
                            : "GET /health/re");
                    sockets.add(socket);
                    closed.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            while (socket.getInputStream().read() >= 0) {
                                // a 503 refusal may come first
                            }
                            return true;
                        } catch (SocketTimeoutException e) {
                            return false; // still open after 60 s
                        } catch (IOException e) {
                            return true; // reset by the server
                        }
                    }, command -> Thread.ofVirtual().start(command)));
                }
                // During: the probes are answered on the places kept for clients that send at once.
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> statusLine(port, "/health/ready").equals("HTTP/1.1 200 OK"));

                CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
                assertThat(closed).allSatisfy(done -> assertThat(done.join()).as("closed by the server").isTrue());
                // After: everything answers again, and the host kept running.
                assertThat(statusLine(port, "/health/ready")).isEqualTo("HTTP/1.1 200 OK");
                assertThat(statusLine(port, "/health/live")).isEqualTo("HTTP/1.1 200 OK");
                // One summary warning says what happened, not a line per connection.
                assertThat(host.stderrSoFar()).contains("\"message\":\"the health server refused or cut off connections\"");
                assertThat(host.stderrSoFar().lines().filter(line -> line.contains("\"level\":\"warn\"")).count())
                        .isLessThanOrEqualTo(2);
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
            stop(host);
        }
    }
}
