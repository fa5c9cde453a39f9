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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL taken away for about five seconds while envelopes keep arriving: the packaged host
 * answers every one of them (with mapped, retryable error codes while the database is away),
 * stays live, turns not ready for its required binding and back, keeps retries within the
 * policy's budget, and answers successfully again once the database is back, without a restart.
 */
class PostgresOutageChaosIT {

    private static final int MAX_RETRIES = 2;
    private static final Duration OUTAGE = Duration.ofSeconds(5);
    private static final Duration PACE = Duration.ofMillis(50);
    private static final int MOST_ENVELOPES = 2_000;
    private static final String QUERY = "{\"sql\":\"SELECT 1 AS up\",\"parameters\":[]}";
    private static final Set<String> OUTAGE_CODES = Set.of("OK", "CONNECTION_ERROR", "SERVICE_UNAVAILABLE",
            "CIRCUIT_OPEN", "TIMEOUT");

    @TempDir
    Path dir;

    @Test
    void underLoadAFiveSecondOutageIsAnsweredWithMappedErrorsAndTheHostRecoversByItself() throws Exception {
        ChaosReport report = ChaosReport.begin("2. PostgreSQL stopped for ~5 s under load");
        String outcome = "failed";
        try (PostgresServer postgres = PostgresFixture.startPrivate()) {
            Path contract = contract(postgres);
            try (StdioHost host = StdioHost.start(Map.of(), "run", contract.toString())) {
                HealthProbe probe = HealthProbe.of(host.process(), Duration.ofSeconds(60));
                report.event("host started; health server up");
                List<UUID> sent = new CopyOnWriteArrayList<>();
                try (HealthWatch watch = HealthWatch.start(probe, report, signals());
                        Load load = Load.start(() -> sent.add(host.send("orders", "db", "db.query", QUERY)))) {
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> host.outcomes(sent).getOrDefault("OK", 0L) >= 20);
                    report.event("steady state: " + sent.size() + " envelopes sent");

                    Duration stoppedAt = report.elapsed();
                    report.event("injecting: stopping PostgreSQL (fast shutdown)");
                    postgres.stop();
                    report.event("injected: PostgreSQL stopped");
                    await().atMost(Duration.ofSeconds(30)).until(() -> watch.firstSeen("ready", "503").isPresent());
                    String notReady = probe.get("/health/ready").body();
                    report.event("health: /health/ready says " + notReady);
                    assertThat(notReady).contains("\"component\":\"binding:orders_db\"",
                            "the required binding is unhealthy").doesNotContain(postgres.address().password());
                    await().atMost(OUTAGE.plusSeconds(30)).pollInterval(Duration.ofMillis(100))
                            .until(() -> report.elapsed().minus(stoppedAt).compareTo(OUTAGE) >= 0);
                    postgres.start();
                    Duration restartedAt = report.elapsed();
                    report.event("restored: PostgreSQL started (down "
                            + ChaosReport.seconds(restartedAt.minus(stoppedAt)) + ")");
                    int sentAtRestart = sent.size();

                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> watch.firstSeenAfter("ready", "200", restartedAt).isPresent());
                    // A snapshot: the load keeps adding while this looks.
                    await().atMost(Duration.ofSeconds(60)).until(() -> {
                        List<UUID> snapshot = List.copyOf(sent);
                        return snapshot.subList(sentAtRestart, snapshot.size()).stream()
                                .anyMatch(id -> host.answersTo(id).stream().anyMatch(StdioHost.Answer::success));
                    });
                    Duration recovered = watch.firstSeenAfter("ready", "200", restartedAt).orElseThrow()
                            .minus(restartedAt);
                    report.figure("ready 503 after the stop", ChaosReport.seconds(
                            watch.firstSeen("ready", "503").orElseThrow().minus(stoppedAt)));
                    report.figure("ready 200 again after the restart", ChaosReport.seconds(recovered));
                    load.close();
                    report.event("load stopped: " + sent.size() + " envelopes sent");

                    host.awaitAnswers(sent, Duration.ofSeconds(60));
                    report.event("every envelope answered");
                    Map<String, Long> outcomes = host.outcomes(sent);
                    report.figure("envelopes in", sent.size());
                    report.figure("answers by code", outcomes);
                    assertThat(host.notAnsweredOnce(sent)).as("not answered exactly once").isEmpty();
                    assertThat(outcomes.keySet()).isSubsetOf(OUTAGE_CODES);
                    assertThat(outcomes).containsKey("OK");
                    assertThat(outcomes.keySet()).as("the outage was answered with errors").hasSizeGreaterThan(1);
                    assertThat(watch.history("live")).as("liveness never failed").containsOnly("200");
                    assertThat(probe.get("/health/ready").body()).doesNotContain(postgres.address().password());

                    long retries = counter(probe.get("/health/handlers").body(), "retries");
                    report.figure("retries (attempts after the first)", retries + " (budget " + MAX_RETRIES
                            + " per envelope, " + MAX_RETRIES * (long) sent.size() + " in all)");
                    assertThat(retries).isLessThanOrEqualTo(MAX_RETRIES * (long) sent.size());
                }
                assertThat(host.process().alive()).isTrue();
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
        return Map.of("ready", HealthWatch.status("/health/ready"),
                "live", HealthWatch.status("/health/live"),
                "database_reachable", HealthWatch.field("/health/handlers", "database_reachable"),
                "breaker", HealthWatch.field("/health/handlers", "breaker"));
    }

    private static long counter(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    /** Sends one envelope every {@link #PACE} on its own thread until closed (at most a bounded number). */
    private static final class Load implements AutoCloseable {
        private final Thread thread;
        private volatile boolean stopped;

        private Load(Runnable send) {
            thread = Thread.ofPlatform().daemon().name("chaos-load").start(() -> {
                for (int i = 0; i < MOST_ENVELOPES && !stopped; i++) {
                    send.run();
                    try {
                        Thread.sleep(PACE);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        static Load start(Runnable send) {
            return new Load(send);
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            thread.join(Duration.ofSeconds(5));
        }
    }

    private Path contract(PostgresServer postgres) throws java.io.IOException {
        Path password = Files.writeString(dir.resolve("db-password"), postgres.address().password());
        Launcher.write(dir, "nodes/orders.yaml", """
                schema_version: "1.0.0"
                name: orders
                node_type: EFFECT
                io_operations:
                  - handler: orders_db
                    operations: [db.query]
                """);
        return Launcher.write(dir, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: chaos_db_outage
                  version: "1.0.0"
                  environment: prod
                  handlers:
                    - type: db
                      name: orders_db
                      timeout_ms: 3000
                      retry_policy: { max_retries: %d, backoff_strategy: fixed, base_delay_ms: 100, jitter: 0 }
                      circuit_breaker: { failure_threshold: 5, window: 10, reset_timeout_ms: 1000 }
                      config:
                        url: "%s"
                        username: %s
                        password: { secret_ref: "file:%s" }
                        acquire_timeout_ms: 1000
                  nodes_dir: nodes
                  health: { enabled: true, port: 0 }
                  shutdown: { grace_seconds: 5 }
                """.formatted(MAX_RETRIES, postgres.address().r2dbcUrl(), postgres.address().user(), password));
    }
}
