package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.testkit.HttpReply;
import io.onex.testkit.PostgresFixture;
import io.onex.testkit.PostgresServer;
import io.onex.testkit.TestHttpServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness scoped to what each node uses, through two packaged hosts on one real PostgreSQL and
 * one real HTTP server: node {@code ledger} uses the db binding {@code ledger_db}
 * ({@code required: false}), node {@code rates} the http binding {@code rates_api}. The
 * contracts differ only in {@code health.readiness}. While
 * PostgreSQL is stopped, {@code /health/ready?node=ledger} is 503 and {@code ?node=rates} 200 on
 * both, {@code /health/handlers} says which node is down and why, and the host's own readiness
 * is 200 where it asks for the required bindings and 503 where it asks for every node's. When
 * PostgreSQL returns, every check turns 200 again by itself. Every wait is bounded.
 */
class NodeReadinessIT {

    private static final String TOKEN = "node-readiness-token-5150";

    @TempDir
    Path dir;

    private Path contract(String name, String readiness, PostgresServer postgres, Path password, Path token,
            TestHttpServer rates) {
        Path folder = dir.resolve(name);
        HostFixture.writeNode(folder, "ledger", "ledger_db", "db.query");
        HostFixture.writeNode(folder, "rates", "rates_api", "http.get");
        return Launcher.write(folder, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: %s
                  version: "1.0.0"
                  environment: prod
                  event_bus:
                    kind: inmemory
                  handlers:
                    - type: http
                      name: rates_api
                      timeout_ms: 2000
                      config:
                        base_url: "%s"
                        health_path: /healthz
                %s  nodes_dir: nodes
                  health:
                    enabled: true
                    port: 0
                    check_interval_seconds: 1
                    auth_token: { secret_ref: "file:%s" }
                %s
                  shutdown: { grace_seconds: 5 }
                """.formatted(name, rates.url("/rates"), HostFixture.dbBinding("ledger_db", false, postgres, password), token,
                readiness));
    }

    @Test
    void eachNodeIsReadyByItsOwnBindingsAndTheContractChoosesWhatTheHostsReadinessMeans() throws Exception {
        try (PostgresServer postgres = PostgresFixture.startPrivate(); TestHttpServer rates = TestHttpServer.start()) {
            rates.answer("/rates/healthz", HttpReply.status(200));
            Path password = HostFixture.passwordFile(dir, postgres);
            Path token = Files.writeString(dir.resolve("health-token"), TOKEN);
            Path byBindings = contract("by_bindings", "", postgres, password, token, rates);
            Path byNodes = contract("by_nodes", "    readiness: nodes", postgres, password, token, rates);
            Launcher.Result described = Launcher.run("describe", byNodes.toString());
            assertThat(described.exitCode()).as(described.stderr()).isZero();
            assertThat(described.stdout().replace(" ", "")).contains("\"readiness\":\"nodes\"");
            try (Launcher.Running bindingsHost = Launcher.start(Map.of(), "run", byBindings.toString());
                    Launcher.Running nodesHost = Launcher.start(Map.of(), "run", byNodes.toString())) {
                HealthProbe bindings = HealthProbe.of(bindingsHost, Duration.ofSeconds(120));
                HealthProbe nodes = HealthProbe.of(nodesHost, Duration.ofSeconds(120));
                for (HealthProbe probe : new HealthProbe[] {bindings, nodes}) {
                    // ledger_db is not required, so the host by bindings may be ready before its first check
                    // has passed; each node's readiness turns 200 on its own bindings' next check.
                    await().atMost(Duration.ofSeconds(30)).until(() -> probe.status("/health/ready") == 200
                            && probe.status("/health/ready?node=ledger") == 200
                            && probe.status("/health/ready?node=rates") == 200);
                }
                HttpResponse<String> unknown = bindings.get("/health/ready?node=ledgr");
                assertThat(unknown.statusCode()).isEqualTo(404);
                assertThat(unknown.body()).contains("\"status\":\"unknown_node\"", "\"code\":\"NODE_NOT_FOUND\"",
                        "no node 'ledgr' is hosted here; hosted nodes: ");
                assertThat(bindings.status("/health/handlers")).as("handlers asks for the token").isEqualTo(401);

                postgres.stop();
                for (HealthProbe probe : new HealthProbe[] {bindings, nodes}) {
                    await().atMost(Duration.ofSeconds(20)).until(() -> probe.status("/health/ready?node=ledger") == 503);
                    HttpResponse<String> ledger = probe.get("/health/ready?node=ledger");
                    assertThat(ledger.body()).contains("\"status\":\"not_ready\"", "\"node\":\"ledger\"",
                            "\"component\":\"binding:ledger_db\"", "\"healthy\":false");
                    assertThat(ledger.body()).doesNotContain(postgres.address().password());
                    assertThat(probe.status("/health/ready?node=rates")).isEqualTo(200);
                    HttpResponse<String> report = probe.get("/health/handlers", TOKEN);
                    assertThat(report.statusCode()).isEqualTo(200);
                    assertThat(report.body()).contains(
                            "\"node\":\"ledger\"", "\"ready\":false", "\"bindings\":[\"ledger_db\"]",
                            "\"down\":[\"ledger_db\"]", "\"bindings\":[\"rates_api\"],\"down\":[]");
                    assertThat(probe.status("/health/live")).isEqualTo(200);
                }
                HttpResponse<String> hostByBindings = bindings.get("/health/ready");
                assertThat(hostByBindings.statusCode()).as(hostByBindings.body()).isEqualTo(200);
                assertThat(bindings.get("/health/handlers", TOKEN).body()).contains("\"readiness\":\"bindings\"");
                HttpResponse<String> hostByNodes = nodes.get("/health/ready");
                assertThat(hostByNodes.statusCode()).as(hostByNodes.body()).isEqualTo(503);
                assertThat(hostByNodes.body()).contains("\"component\":\"node:ledger\"",
                        "the node's binding ledger_db is down", "\"component\":\"binding:ledger_db\"");
                assertThat(nodes.get("/health/handlers", TOKEN).body()).contains("\"readiness\":\"nodes\"");

                postgres.start();
                for (HealthProbe probe : new HealthProbe[] {bindings, nodes}) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> probe.status("/health/ready?node=ledger") == 200
                            && probe.status("/health/ready") == 200);
                }
                for (Launcher.Running host : new Launcher.Running[] {bindingsHost, nodesHost}) {
                    Launcher.Result result = host.stop(HostFixture.EXIT);
                    assertThat(result.stderr()).doesNotContain(postgres.address().password(), TOKEN);
                }
            }
        }
    }
}
