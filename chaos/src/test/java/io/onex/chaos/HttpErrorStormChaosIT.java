package io.onex.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.testkit.HttpRecordedRequest;
import io.onex.testkit.HttpReply;
import io.onex.testkit.TestHttpServer;
import io.onex.wiring.HealthProbe;
import io.onex.wiring.Launcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dependency that answers 500 to everything: 100 envelopes through the packaged host's HTTP
 * handler with a retry policy and a breaker. Each envelope is retried within its budget (counted
 * in the server's own request log), the breaker opens within 10 s and shows in health and
 * metrics, later envelopes are answered {@code CIRCUIT_OPEN} without reaching the server, and
 * once the server answers 200 the breaker closes by itself.
 */
class HttpErrorStormChaosIT {

    private static final int STORM = 100;
    private static final int MAX_RETRIES = 2;
    private static final Pattern BREAKER_OPEN_METRIC = Pattern.compile(
            "onex_breaker_state\\{[^}]*binding=\"flaky_api\"[^}]*state=\"open\"[^}]*} 1");

    @TempDir
    Path dir;

    @Test
    void aStormOf500sStaysWithinTheRetryBudgetTripsTheBreakerAndRecoversWhenTheServerHeals() throws Exception {
        ChaosReport report = ChaosReport.begin("3. HTTP dependency answers 500 to every call (x" + STORM + ")");
        String outcome = "failed";
        try (TestHttpServer server = TestHttpServer.start()) {
            Path contract = contract(server);
            try (StdioHost host = StdioHost.start(Map.of(), "run", contract.toString())) {
                HealthProbe probe = HealthProbe.of(host.process(), Duration.ofSeconds(60));
                report.event("host started; health server up");
                try (HealthWatch watch = HealthWatch.start(probe, report, signals())) {
                    storm(host, server, probe, watch, report);
                    recover(host, server, probe, watch, report);
                }
                assertThat(host.process().alive()).as("host alive after the storm").isTrue();
                Launcher.Result result = host.finish(Duration.ofSeconds(60));
                report.figure("exit code at end of input", result.exitCode());
                assertThat(result.exitCode()).as(result.stderr()).isZero();
            }
            outcome = "passed";
        } finally {
            report.write(outcome);
        }
    }

    private static Map<String, Function<HealthProbe, String>> signals() {
        return Map.of("ready", HealthWatch.status("/health/ready"),
                "breaker", HealthWatch.field("/health/handlers", "breaker"));
    }

    private void storm(StdioHost host, TestHttpServer server, HealthProbe probe, HealthWatch watch, ChaosReport report)
            throws Exception {
        server.answer("/api", HttpReply.status(500));
        Duration injected = report.elapsed();
        report.event("injected: the server answers 500 to every request");
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < STORM; i++) {
            ids.add(host.send("storm", "http", "http.get", "{\"url\":\"" + server.url("/api?i=" + i) + "\"}"));
        }
        report.event(STORM + " envelopes written");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> BREAKER_OPEN_METRIC.matcher(probe.get("/metrics").body()).find());
        report.event("metrics: onex_breaker_state{state=\"open\"} = 1");
        await().atMost(Duration.ofSeconds(30)).until(() -> watch.firstSeen("breaker", "open").isPresent());
        Duration trip = watch.firstSeen("breaker", "open").orElseThrow().minus(injected);
        report.figure("breaker trip (health shows open), after the storm began", ChaosReport.seconds(trip));
        assertThat(trip).isLessThan(Duration.ofSeconds(10));

        host.awaitAnswers(ids, Duration.ofSeconds(60));
        report.event("every storm envelope answered");
        Map<String, Long> outcomes = host.outcomes(ids);
        report.figure("storm answers by code", outcomes);
        assertThat(host.notAnsweredOnce(ids)).as("storm envelopes not answered exactly once").isEmpty();
        // The first envelopes use their whole retry budget and are answered with the server's error;
        // once the breaker opens, retries stop and the rest are answered CIRCUIT_OPEN.
        assertThat(outcomes).doesNotContainKey("OK").containsKeys("SERVICE_UNAVAILABLE", "CIRCUIT_OPEN");
        assertThat(outcomes.keySet()).isSubsetOf("SERVICE_UNAVAILABLE", "CIRCUIT_OPEN");

        Map<String, Long> attempts = server.requests().stream().filter(r -> r.path().equals("/api"))
                .collect(Collectors.groupingBy(HttpErrorStormChaosIT::index, Collectors.counting()));
        long total = attempts.values().stream().mapToLong(Long::longValue).sum();
        long untouched = STORM - attempts.size();
        report.figure("requests that reached the server", total + " for " + attempts.size() + " envelopes (budget "
                + (1 + MAX_RETRIES) + " each)");
        report.figure("envelopes answered without touching the server", untouched);
        assertThat(attempts.values()).as("attempts per envelope").allMatch(n -> n <= 1 + MAX_RETRIES)
                .as("some envelope used its whole retry budget").contains((long) (1 + MAX_RETRIES));
        assertThat(untouched).as("envelopes refused by the open breaker before reaching the server").isPositive();
        String handlers = probe.get("/health/handlers").body();
        report.figure("binding counters after the storm", counters(handlers));
        assertThat(host.process().alive()).isTrue();
    }

    private void recover(StdioHost host, TestHttpServer server, HealthProbe probe, HealthWatch watch,
            ChaosReport report) {
        server.answer("/api", HttpReply.json(200, "{\"healed\":true}"));
        Duration healedAt = report.elapsed();
        report.event("restored: the server answers 200");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> host.awaitAnswer(host.send("storm", "http", "http.get",
                        "{\"url\":\"" + server.url("/api?probe") + "\"}"), Duration.ofSeconds(10)).success());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> watch.firstSeenAfter("breaker", "closed", healedAt).isPresent());
        Duration closed = watch.firstSeenAfter("breaker", "closed", healedAt).orElseThrow().minus(healedAt);
        report.figure("recovery (breaker closed) after the server healed", ChaosReport.seconds(closed));
        List<UUID> after = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            after.add(host.send("storm", "http", "http.get", "{\"url\":\"" + server.url("/api?after=" + i) + "\"}"));
        }
        host.awaitAnswers(after, Duration.ofSeconds(30));
        report.figure("answers after recovery", host.outcomes(after));
        assertThat(host.outcomes(after)).containsExactly(Map.entry("OK", 20L));
        assertThat(host.notAnsweredOnce(after)).isEmpty();
    }

    private static String index(HttpRecordedRequest request) {
        return request.rawQuery();
    }

    private static String counters(String handlers) {
        var matcher = Pattern.compile("\"(calls|failures|retries|circuit_open)\":(\\d+)").matcher(handlers);
        Map<String, String> found = new java.util.LinkedHashMap<>();
        while (matcher.find()) {
            found.putIfAbsent(matcher.group(1), matcher.group(1) + "=" + matcher.group(2));
        }
        return String.join(", ", found.values());
    }

    private Path contract(TestHttpServer server) {
        Launcher.write(dir, "nodes/storm.yaml", """
                schema_version: "1.0.0"
                name: storm
                node_type: EFFECT
                io_operations:
                  - handler: flaky_api
                    operations: [http.get]
                """);
        return Launcher.write(dir, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: chaos_http_storm
                  version: "1.0.0"
                  environment: prod
                  event_bus:
                    kind: inmemory
                    backpressure: { max_inflight_envelopes: 2 }
                  handlers:
                    - type: http
                      name: flaky_api
                      timeout_ms: 3000
                      retry_policy: { max_retries: %d, backoff_strategy: fixed, base_delay_ms: 50, jitter: 0 }
                      circuit_breaker: { failure_threshold: 8, window: 10, reset_timeout_ms: 1500 }
                      config: { fail_on_5xx: true }
                  nodes_dir: nodes
                  health: { enabled: true, port: 0 }
                  shutdown: { grace_seconds: 5 }
                """.formatted(MAX_RETRIES));
    }
}
