package io.onex.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.testkit.PostgresFixture;
import io.onex.testkit.PostgresServer;
import io.onex.wiring.HealthProbe;
import io.onex.wiring.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection pool of five taken by twenty slow statements at once: the packaged host's db
 * handler answers the five that got a connection, answers {@code TIMEOUT} for the calls that
 * waited past {@code acquire_timeout_ms}, gives every connection back (checked on the server in
 * {@code pg_stat_activity}, not only in the pool's own view), and serves later envelopes without
 * a restart.
 */
class DbPoolExhaustionChaosIT {

    private static final int POOL_SIZE = 5;
    private static final int CONCURRENT = 20;
    private static final int WARM_UPS = 10;
    private static final String SLOW = "{\"sql\":\"SELECT 1 AS slept FROM pg_sleep(6)\",\"parameters\":[]}";
    private static final String WARM = "{\"sql\":\"SELECT 1 AS up FROM pg_sleep(0.3)\",\"parameters\":[]}";
    private static final String QUICK = "{\"sql\":\"SELECT 1 AS up\",\"parameters\":[]}";
    /** The host's connections as the server sees them: every client but this check's own. */
    private static final String HOST_CONNECTIONS = "SELECT count(*) FROM pg_stat_activity"
            + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()";
    private static final String SLEEPING = "SELECT count(*) FROM pg_stat_activity"
            + " WHERE state = 'active' AND query LIKE '%pg_sleep(6)%' AND pid <> pg_backend_pid()";

    @TempDir
    Path dir;

    @Test
    void twentySlowCallsOnAPoolOfFiveAnswerTimeoutLeakNothingAndThePoolServesAgainWithoutARestart()
            throws Exception {
        ChaosReport report = ChaosReport.begin("4. DB pool exhaustion (pool_size " + POOL_SIZE + ", "
                + CONCURRENT + " concurrent 6 s statements)");
        String outcome = "failed";
        try (PostgresServer postgres = PostgresFixture.startPrivate()) {
            Path contract = contract(postgres);
            try (StdioHost host = StdioHost.start(Map.of(), "run", contract.toString())) {
                HealthProbe probe = HealthProbe.of(host.process(), Duration.ofSeconds(60));
                report.event("host started; health server up");
                try (HealthWatch watch = HealthWatch.start(probe, report, signals())) {
                    warmUp(host, report);
                    exhaust(host, postgres, probe, report);
                    List<UUID> later = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        later.add(host.send("pool", "db", "db.query", QUICK));
                    }
                    host.awaitAnswers(later, Duration.ofSeconds(30));
                    report.event("10 quick queries after the exhaustion answered");
                    report.figure("answers after the exhaustion", host.outcomes(later));
                    assertThat(host.outcomes(later)).containsExactly(Map.entry("OK", 10L));
                    assertThat(probe.status("/health/live")).isEqualTo(200);
                    assertThat(watch.history("live")).containsOnly("200");
                }
                Launcher.Result result = host.finish(Duration.ofSeconds(60));
                report.figure("exit code at end of input", result.exitCode());
                assertThat(result.exitCode()).as(result.stderr()).isZero();
                assertThat(result.stderr()).doesNotContain(postgres.address().password());
            }
            outcome = "passed";
        } finally {
            report.write(outcome);
        }
    }

    private static Map<String, Function<HealthProbe, String>> signals() {
        return Map.of("live", HealthWatch.status("/health/live"),
                "pool.acquired", HealthWatch.field("/health/handlers", "acquired"),
                "pool.pending", HealthWatch.field("/health/handlers", "pending"));
    }

    /**
     * Opens every connection of the pool first, so that the exhaustion below waits only for busy
     * ones: a batch of as many statements as connections, all answered OK at once. A loaded machine
     * may open a connection later than acquire_timeout_ms allows, so a batch is sent again (at most
     * {@value #WARM_UPS} times) until one is.
     */
    private static void warmUp(StdioHost host, ChaosReport report) {
        Map<String, Long> outcomes = Map.of();
        for (int attempt = 1; attempt <= WARM_UPS && !outcomes.equals(Map.of("OK", (long) POOL_SIZE)); attempt++) {
            List<UUID> warm = new ArrayList<>();
            for (int i = 0; i < POOL_SIZE; i++) {
                warm.add(host.send("pool", "db", "db.query", WARM));
            }
            host.awaitAnswers(warm, Duration.ofSeconds(30));
            outcomes = host.outcomes(warm);
            report.event("pool warm-up " + attempt + ": " + outcomes);
        }
        assertThat(outcomes).containsExactly(Map.entry("OK", (long) POOL_SIZE));
    }

    private void exhaust(StdioHost host, PostgresServer postgres, HealthProbe probe, ChaosReport report) {
        List<UUID> slow = new ArrayList<>();
        for (int i = 0; i < CONCURRENT; i++) {
            slow.add(host.send("pool", "db", "db.query", SLOW));
        }
        report.event("injected: " + CONCURRENT + " envelopes of SELECT ... FROM pg_sleep(6)");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> count(postgres, SLEEPING) == POOL_SIZE);
        report.event("server: " + POOL_SIZE + " statements sleeping at once (the whole pool)");
        host.awaitAnswers(slow, Duration.ofSeconds(30));
        report.event("every slow envelope answered");
        Map<String, Long> outcomes = host.outcomes(slow);
        report.figure("slow envelopes by code", outcomes);
        assertThat(host.notAnsweredOnce(slow)).as("not answered exactly once").isEmpty();
        assertThat(outcomes.keySet()).isSubsetOf("OK", "TIMEOUT");
        assertThat(outcomes.get("OK")).as("the calls that got a connection").isEqualTo(POOL_SIZE);
        assertThat(outcomes.get("TIMEOUT")).as("the calls that waited past acquire_timeout_ms")
                .isEqualTo(CONCURRENT - POOL_SIZE);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> count(postgres, SLEEPING) == 0);
        long open = count(postgres, HOST_CONNECTIONS);
        report.figure("host connections open on the server afterwards (pg_stat_activity)", open);
        report.figure("statements still running on the server afterwards", count(postgres, SLEEPING));
        assertThat(open).as("connections the host holds on the server").isBetween(1L, (long) POOL_SIZE);
        // The pool's own view agrees: nothing held, nobody waiting.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> HealthWatch.field("/health/handlers", "acquired").apply(probe).equals("0")
                        && HealthWatch.field("/health/handlers", "pending").apply(probe).equals("0"));
        report.event("health: pool acquired = 0, pending = 0");
    }

    private static long count(PostgresServer postgres, String sql) {
        return Long.parseLong(postgres.sql("postgres", sql).strip());
    }

    private Path contract(PostgresServer postgres) throws java.io.IOException {
        Path password = Files.writeString(dir.resolve("db-password"), postgres.address().password());
        Launcher.write(dir, "nodes/pool.yaml", """
                schema_version: "1.0.0"
                name: pool
                node_type: EFFECT
                io_operations:
                  - handler: pool_db
                    operations: [db.query]
                """);
        return Launcher.write(dir, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: chaos_db_pool
                  version: "1.0.0"
                  environment: prod
                  event_bus:
                    kind: inmemory
                    backpressure: { max_inflight_envelopes: 64 }
                  handlers:
                    - type: db
                      name: pool_db
                      config:
                        url: "%s"
                        username: %s
                        password: { secret_ref: "file:%s" }
                        pool_size: %d
                        acquire_timeout_ms: 1500
                        statement_timeout_ms: 10000
                  nodes_dir: nodes
                  health: { enabled: true, port: 0 }
                  shutdown: { grace_seconds: 5 }
                """.formatted(postgres.address().r2dbcUrl(), postgres.address().user(), password, POOL_SIZE));
    }
}
