package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.testkit.PostgresFixture;
import io.onex.testkit.PostgresServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness follows a required dependency: the packaged host with a db binding on a PostgreSQL
 * server of its own; the server goes away and comes back, and {@code /health/ready} turns 503
 * and then 200 again by itself, while {@code /health/live} stays 200 throughout. The first time
 * no envelope flows at all (only the host's active check of the binding can notice), within 15 s
 * each way; the second time a call finds the database gone.
 */
class ReadinessWithPostgresIT {

    @TempDir
    Path dir;

    private HealthProbe probe;

    private HttpResponse<String> query() throws IOException, InterruptedException {
        return probe.post("/v1/envelopes", "{\"target_node\":\"orders\",\"handler_type\":\"db\","
                + "\"operation\":\"db.query\",\"payload\":{\"sql\":\"SELECT 1 AS up\",\"parameters\":[]}}",
                Duration.ofSeconds(40));
    }

    /** Stops PostgreSQL while no envelope flows, then starts it again: readiness follows. */
    private void idleOutage(PostgresServer postgres) throws Exception {
        postgres.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> probe.status("/health/ready") == 503);
        HttpResponse<String> notReady = probe.get("/health/ready");
        assertThat(notReady.body()).contains("\"component\":\"binding:orders_db\"", "\"probe\":\"SELECT 1\"",
                "\"healthy\":false", "CONNECTION_ERROR");
        assertThat(notReady.body()).doesNotContain(postgres.address().password());
        assertThat(probe.status("/health/live")).isEqualTo(200);

        postgres.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> probe.status("/health/ready") == 200);
        assertThat(probe.get("/health/handlers").body()).contains("\"checked_at\"", "\"probe\":\"SELECT 1\"");
        assertThat(probe.status("/health/live")).isEqualTo(200);
    }

    @Test
    void readinessTurns503WhilePostgresIsAwayAndBackTo200WhenItReturns() throws Exception {
        try (PostgresServer postgres = PostgresFixture.startPrivate()) {
            Path password = HostFixture.passwordFile(dir, postgres);
            Path contract = Launcher.write(dir, "runtime.yaml", """
                    schema_version: "1.0.0"
                    runtime:
                      name: ready_host
                      version: "1.0.0"
                      environment: prod
                      event_bus:
                        kind: inmemory
                      handlers:
                    %s  nodes_dir: nodes
                      health: { enabled: true, port: 0, ingress: true }
                      shutdown: { grace_seconds: 5 }
                    """.formatted(HostFixture.dbBinding("orders_db", true, postgres, password)));
            HostFixture.writeNode(dir, "orders", "orders_db", "db.query");
            try (Launcher.Running host = Launcher.start(Map.of(), "run", contract.toString())) {
                probe = HealthProbe.of(host, Duration.ofSeconds(60));

                assertThat(query().body()).contains("\"success\":true", "\"up\":1");
                // Readiness follows the binding's own checks, not the call: awaited, not assumed.
                await().atMost(Duration.ofSeconds(60)).until(() -> probe.status("/health/ready") == 200);

                idleOutage(postgres);

                postgres.stop();
                HttpResponse<String> failed = query();
                assertThat(failed.statusCode()).isEqualTo(200);
                assertThat(failed.body()).contains("\"success\":false", "CONNECTION_ERROR");
                await().atMost(Duration.ofSeconds(30)).until(() -> probe.status("/health/ready") == 503);
                HttpResponse<String> notReady = probe.get("/health/ready");
                assertThat(notReady.body()).contains("\"component\":\"binding:orders_db\"",
                        "the required binding is unhealthy", "\"database_reachable\":false");
                assertThat(notReady.body()).doesNotContain(postgres.address().password());
                assertThat(probe.status("/health/live")).isEqualTo(200);

                postgres.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> probe.status("/health/ready") == 200);
                assertThat(query().body()).contains("\"success\":true");
                assertThat(probe.status("/health/live")).isEqualTo(200);

                assertThat(HostFixture.stopCleanly(host).stderr()).doesNotContain(postgres.address().password());
            }
        }
    }
}
