package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.testkit.HttpReply;
import io.onex.testkit.TestHttpServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTP binding with {@code health_path}: the packaged host checks that endpoint by itself
 * while no envelope flows; when it answers 503, {@code /health/ready} turns 503 naming the
 * binding, and 200 again once it answers 200, while {@code /health/live} stays 200. The check
 * carries none of the binding's default headers, so no secret goes to the health endpoint.
 */
class HttpHealthPathIT {

    private static final String TOKEN = "Bearer health-path-test-token";

    @TempDir
    Path dir;

    @Test
    void readinessFollowsTheHealthEndpointOfARequiredHttpBinding() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.answer("/api/healthz", HttpReply.status(200));
            Path token = Files.writeString(dir.resolve("api-token"), TOKEN);
            Path contract = Launcher.write(dir, "runtime.yaml", """
                    schema_version: "1.0.0"
                    runtime:
                      name: http_health_host
                      version: "1.0.0"
                      environment: prod
                      event_bus:
                        kind: inmemory
                      handlers:
                        - type: http
                          name: users_api
                          timeout_ms: 2000
                          config:
                            base_url: "%s"
                            health_path: /healthz
                            default_headers:
                              Authorization: { secret_ref: "file:%s" }
                      nodes_dir: nodes
                      health: { enabled: true, port: 0, check_interval_seconds: 1 }
                      shutdown: { grace_seconds: 5 }
                    """.formatted(server.url("/api"), token));
            Launcher.write(dir, "nodes/users.yaml", """
                    schema_version: "1.0.0"
                    name: users
                    node_type: EFFECT
                    io_operations:
                      - handler: users_api
                        operations: [http.get]
                    """);
            try (Launcher.Running host = Launcher.start(Map.of(), "run", contract.toString())) {
                HealthProbe probe = HealthProbe.of(host, Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(30)).until(() -> probe.status("/health/ready") == 200
                        && probe.get("/health/handlers").body().contains("\"status\":200"));
                assertThat(probe.get("/health/handlers").body()).contains("\"probe\":\"GET /healthz\"",
                        "\"status\":200");

                server.answer("/api/healthz", HttpReply.status(503));
                await().atMost(Duration.ofSeconds(30)).until(() -> probe.status("/health/ready") == 503);
                HttpResponse<String> notReady = probe.get("/health/ready");
                assertThat(notReady.body()).contains("\"component\":\"binding:users_api\"",
                        "the health endpoint answered 503");
                assertThat(probe.status("/health/live")).isEqualTo(200);

                server.answer("/api/healthz", HttpReply.status(200));
                await().atMost(Duration.ofSeconds(30)).until(() -> probe.status("/health/ready") == 200);
                assertThat(server.requests()).isNotEmpty().allSatisfy(request -> {
                    assertThat(request.path()).isEqualTo("/api/healthz");
                    assertThat(request.headers().toString()).doesNotContain(TOKEN);
                });

                new ProcessBuilder("kill", "-TERM", Long.toString(host.process.pid())).start().waitFor();
                Launcher.Result result = host.await(Duration.ofSeconds(60));
                assertThat(result.exitCode()).as(result.stderr()).isZero();
                assertThat(result.stderr()).doesNotContain(TOKEN);
            }
        }
    }
}
