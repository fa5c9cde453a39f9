package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher with the health server on: the quick start's HTTP contract on a free port,
 * probed through a real HTTP client, then stopped with SIGTERM.
 */
class HealthServerIT {

    private static final Pattern LISTENING = Pattern.compile(
            "\"message\":\"health server listening\".*?\"port\":(\\d+)");

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Copies the quick start's HTTP contract and nodes, on port 0 so parallel runs never collide. */
    private Path quickstartOnAFreePort() throws IOException {
        Path source = Launcher.HOME.resolve("examples/quickstart");
        String contract = Files.readString(source.resolve("runtime-http.yaml")).replace("port: 8080", "port: 0");
        assertThat(contract).contains("port: 0");
        Path file = Launcher.write(dir, "runtime-http.yaml", contract);
        try (Stream<Path> nodes = Files.list(source.resolve("nodes"))) {
            for (Path node : nodes.toList()) {
                Launcher.write(dir, "nodes/" + node.getFileName(), Files.readString(node));
            }
        }
        return file;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theHostServesHealthMetricsAndTheIngressOnThePortItLogs() throws Exception {
        Path contract = quickstartOnAFreePort();
        try (Launcher.Running host = Launcher.start(Map.of(), "dev", contract.toString())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> LISTENING.matcher(host.stderrSoFar()).find());
            Matcher matcher = LISTENING.matcher(host.stderrSoFar());
            assertThat(matcher.find()).isTrue();
            String base = "http://127.0.0.1:" + matcher.group(1);

            HttpResponse<String> live = send(HttpRequest.newBuilder(URI.create(base + "/health/live")).build());
            HttpResponse<String> ready = send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build());
            HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(base + "/v1/envelopes"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"target_node\":\"echo\",\"handler_type\":\"local\","
                            + "\"operation\":\"local.echo\",\"payload\":{\"hello\":\"world\"}}"))
                    .build());
            HttpResponse<String> handlers = send(HttpRequest.newBuilder(URI.create(base + "/health/handlers")).build());
            HttpResponse<String> metrics = send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build());

            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("{\"status\":\"ready\",\"state\":\"running\"}");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"success\":true", "\"payload\":{\"hello\":\"world\"}");
            assertThat(handlers.body()).contains("\"node\":\"echo\"", "\"answered\":1", "\"kind\":\"inmemory\"");
            assertThat(metrics.body()).contains(
                    "onex_envelopes_answered_total{binding=\"local\",handler_type=\"local\",node=\"echo\"} 1.0",
                    "jvm_memory_used_bytes");

            new ProcessBuilder("kill", "-TERM", Long.toString(host.process.pid())).start().waitFor();
            Launcher.Result result = host.await(Duration.ofSeconds(60));
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stderr()).contains("runtime host stopped", "health server stopped");
            // Standard error stays one JSON object per line, the web server's own log included.
            assertThat(result.stderr().lines().filter(line -> !line.isBlank()))
                    .allSatisfy(line -> assertThat(line).startsWith("{\"timestamp\":").endsWith("}"));
        }
    }

    @Test
    void aHealthPortThatIsTakenFailsTheStartWithExitCode1() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path contract = quickstartOnAFreePort();
            Files.writeString(contract, Files.readString(contract).replace("port: 0", "port: " + taken.getLocalPort()));
            try (Launcher.Running host = Launcher.start(Map.of(), "dev", contract.toString())) {
                Launcher.Result result = host.await(Duration.ofSeconds(60));

                assertThat(result.exitCode()).isEqualTo(1);
                assertThat(result.stderr()).contains("onex-host: start-up failed: the health server cannot listen on "
                        + "127.0.0.1:" + taken.getLocalPort(), "runtime host stopped");
            }
        }
    }

    @Test
    void aContractWithoutTheHealthSectionStartsNoServer() throws Exception {
        try (Launcher.Running host = Launcher.start(Map.of(), "dev", "examples/quickstart/runtime.yaml")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> host.stderrSoFar().contains("runtime host started"));
            new ProcessBuilder("kill", "-TERM", Long.toString(host.process.pid())).start().waitFor();
            Launcher.Result result = host.await(Duration.ofSeconds(60));

            assertThat(result.exitCode()).isZero();
            assertThat(result.stderr()).doesNotContain("health server");
        }
    }
}
