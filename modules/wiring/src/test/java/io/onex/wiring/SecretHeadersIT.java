package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Envelope;
import io.onex.host.api.HandlerType;
import io.onex.testkit.HttpRecordedRequest;
import io.onex.testkit.HttpReply;
import io.onex.testkit.TestHttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * An http binding's secret {@code default_headers} go only to its {@code base_url} origin: a
 * node without targets may call any URL, but a second real server it calls, directly or through a
 * redirect from the origin, never sees the secret. Without a base_url such a binding is refused
 * by {@code onex-host validate} unless every node on it has targets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretHeadersIT {

    private static final String TOKEN = "Bearer home-0nly-s3cr3t";

    private final TestHttpServer origin = TestHttpServer.start();
    private final TestHttpServer elsewhere = TestHttpServer.start();
    private HostFixture.InProcessHost host;

    @TempDir
    Path dir;

    @BeforeAll
    void startHost(@TempDir Path folder) {
        Launcher.write(folder, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: secret_headers_host
                  version: "1.0.0"
                  environment: prod
                  event_bus:
                    kind: inmemory
                  handlers:
                    - type: http
                      timeout_ms: 3000
                      config:
                        base_url: "${API_BASE}"
                        follow_redirects: always
                        default_headers:
                          X-Client: onex-it
                          Authorization: { secret_ref: "env:API_TOKEN" }
                  nodes_dir: nodes
                  shutdown: { grace_seconds: 5 }
                """);
        Launcher.write(folder, "nodes/roamer.yaml", """
                schema_version: "1.0.0"
                name: roamer
                node_type: EFFECT
                description: May call any URL through the API binding; it has no targets.
                io_operations:
                  - handler: http
                    operations: [http.get]
                """);
        host = HostFixture.InProcessHost.start(folder.resolve("runtime.yaml"), Map.of("API_BASE", origin.url("/api")),
                System.Logger.Level.DEBUG, ref -> ref.reference().equals("env:API_TOKEN") ? TOKEN : "unexpected");
    }

    @AfterEach
    void clear() {
        assertThat(host.host().state()).isEqualTo("running");
        origin.clear();
        elsewhere.clear();
    }

    @AfterAll
    void stop() {
        host.shutdown();
        origin.close();
        elsewhere.close();
        assertThat(host.logs()).doesNotContain("s3cr3t");
    }

    private Envelope get(String url) {
        return host.send(Envelope.request("roamer", HandlerType.of("http"), "http.get", Map.of("url", url)),
                Duration.ofSeconds(15));
    }

    @Test
    void theBaseUrlOriginGetsTheSecretHeader() {
        origin.answer("GET", "/api/ping", HttpReply.status(204));

        assertThat(get("ping").payload()).containsEntry("status_code", 204);
        // An absolute URL on the same scheme, host and port is home too.
        assertThat(get(origin.url("/api/ping")).payload()).containsEntry("status_code", 204);

        assertThat(origin.requests()).hasSize(2)
                .allSatisfy(r -> assertThat(r.header("authorization")).contains(TOKEN));
    }

    @Test
    void anotherServerNeverSeesTheSecretHeaderButStillGetsThePlainOnes() {
        elsewhere.answer("GET", "/collect", HttpReply.status(200));

        assertThat(get(elsewhere.url("/collect")).payload()).containsEntry("status_code", 200);

        HttpRecordedRequest seen = elsewhere.requests().getFirst();
        assertThat(seen.header("authorization")).isEmpty();
        assertThat(seen.header("x-client")).contains("onex-it");
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void aRedirectFromTheOriginToAnotherServerDoesNotCarryTheSecret() {
        origin.answer("GET", "/api/moved", HttpReply.redirect(302, elsewhere.url("/landing")));
        elsewhere.answer("GET", "/landing", HttpReply.status(200));

        assertThat(get("moved").payload()).containsEntry("status_code", 200);

        assertThat(origin.requests().getFirst().header("authorization")).contains(TOKEN);
        assertThat(elsewhere.requests()).hasSize(1)
                .allSatisfy(r -> assertThat(r.header("authorization")).isEmpty());
    }

    @Test
    void validateRefusesSecretHeadersWithoutABaseUrlUnlessEveryNodeHasTargets() throws Exception {
        Path runtime = Launcher.write(dir, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: roaming_host
                  version: "1.0.0"
                  environment: prod
                  handlers:
                    - type: http
                      name: partner_api
                      config:
                        default_headers:
                          Authorization: { secret_ref: "env:API_TOKEN" }
                  nodes_dir: nodes
                """);
        Launcher.write(dir, "nodes/fenced.yaml", """
                schema_version: "1.0.0"
                name: fenced
                node_type: EFFECT
                description: Calls the partner API only.
                io_operations:
                  - handler: partner_api
                    operations: [http.get]
                    targets: ["https://partner.example.com/v1"]
                """);
        Map<String, String> env = Map.of("API_TOKEN", "Bearer x");

        Launcher.Result fenced = Launcher.run("", env, "validate", runtime.toString());
        assertThat(fenced.exitCode()).as(fenced.stderr()).isZero();

        Launcher.write(dir, "nodes/roamer.yaml", """
                schema_version: "1.0.0"
                name: roamer
                node_type: EFFECT
                description: Calls any URL.
                io_operations:
                  - handler: partner_api
                    operations: [http.get]
                """);
        Launcher.Result open = Launcher.run("", env, "validate", runtime.toString());
        assertThat(open.exitCode()).isEqualTo(1);
        assertThat(open.stderr()).contains(runtime + ":8:", "http binding 'partner_api' has secret default_headers"
                + " (Authorization) but no base_url", "'roamer'", "set config.base_url")
                .doesNotContain("'fenced'");
    }
}
