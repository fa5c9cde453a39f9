package io.onex.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.testkit.VaultKvServer;
import io.onex.wiring.HealthProbe;
import io.onex.wiring.Launcher;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vault turning flaky, slow and sealed under a steady read load: a node reads a secret through
 * the packaged host's vault handler every 50 ms while the Vault-API-compatible server fails every
 * other request, resets connections, answers later than the read timeout, and is sealed. Every
 * envelope is answered exactly once with {@code OK} or a mapped, retryable code; no envelope
 * reaches Vault more often than its retry budget allows (counted in the server's own request
 * log, one secret path per envelope); the breaker opens within 10 s of the seal, shows in health
 * and metrics, keeps the traffic away from Vault, and closes by itself once Vault is back; the
 * host stays live throughout and never prints the Vault token.
 */
class VaultFlakinessChaosIT {

    private static final String TOKEN = "vault-chaos-token-6c1f0e";
    private static final String BINDING = "config_vault";
    private static final int MAX_RETRIES = 2;
    private static final int BUDGET = 1 + MAX_RETRIES;
    private static final Duration PACE = Duration.ofMillis(50);
    private static final Duration SLOW = Duration.ofMillis(2_500);
    private static final int MOST_ENVELOPES = 1_500;
    private static final Pattern BREAKER_OPEN = metric("open");
    private static final Pattern BREAKER_CLOSED = metric("closed");

    /** One envelope of the load: its id, the secret path it reads, and the phase it was sent in. */
    private record Sent(UUID id, String path, String phase) {
    }

    @TempDir
    Path dir;

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile String phase = "steady";
    private ChaosReport report;
    private VaultKvServer vault;
    private StdioHost host;
    private HealthProbe probe;
    private HealthWatch watch;
    private volatile Instant resetFrom = Instant.MAX;
    private volatile Instant resetUntil = Instant.MIN;

    @Test
    void aFlakySlowAndSealedVaultIsAnsweredWithinBudgetTripsTheBreakerAndRecoversByItself() throws Exception {
        report = ChaosReport.begin("6. Vault flaky, slow and sealed under a steady read load");
        String outcome = "failed";
        try (VaultKvServer server = VaultKvServer.start(TOKEN)) {
            vault = server;
            Path contract = contract();
            try (StdioHost started = StdioHost.start(Map.of("VAULT_ADDR", vault.address(), "VAULT_TOKEN", TOKEN),
                    "run", contract.toString())) {
                host = started;
                host.watchFor(TOKEN);
                probe = HealthProbe.of(host.process(), Duration.ofSeconds(60));
                report.event("host started; health server up");
                try (HealthWatch watching = HealthWatch.start(probe, report, signals());
                        SecretReads load = SecretReads.start(PACE, MOST_ENVELOPES, this::read)) {
                    watch = watching;
                    steady();
                    flaky();
                    settle();
                    slow();
                    settle();
                    Duration unsealedAt = sealed();
                    restored(unsealedAt);
                    load.close();
                    report.event("load stopped: " + sent.size() + " envelopes sent");
                    throughout();
                }
                Launcher.Result result = host.finish(Duration.ofSeconds(60));
                report.figure("exit code at end of input", result.exitCode());
                assertThat(result.exitCode()).as(result.stderr()).isZero();
                assertThat(result.stderr()).as("the host's log").doesNotContain(TOKEN);
                assertThat(host.linesWithWatchedText()).as("output lines showing the token").isZero();
            }
            outcome = "passed";
        } finally {
            report.write(outcome);
        }
    }

    private void steady() {
        await().atMost(Duration.ofSeconds(30)).until(() -> host.outcomes(ids("steady")).getOrDefault("OK", 0L) >= 20);
        report.event("steady state: " + sent.size() + " envelopes sent");
        phase = "steady-over";
        List<UUID> ids = ids("steady");
        host.awaitAnswers(ids, Duration.ofSeconds(30));
        assertThat(host.outcomes(ids)).containsOnlyKeys("OK");
    }

    private void flaky() {
        phase = "flaky-503";
        report.event("injected: every other request answered 503 (1 s)");
        every(Duration.ofSeconds(1), () -> vault.failNext(1, 503), () -> vault.failNext(0, 503));
        phase = "after-503";
        report.event("restored: no more 503s");
        flakyAnswers("flaky-503", BUDGET);
        settle();
        phase = "flaky-reset";
        report.event("injected: every other connection reset (1 s)");
        resetFrom = Instant.now();
        every(Duration.ofSeconds(1), () -> vault.resetConnections(true), () -> vault.resetConnections(false));
        resetUntil = Instant.now();
        phase = "after-reset";
        report.event("restored: no more resets");
        // The JDK client repeats an idempotent request once when a reused connection drops before
        // any answer (docs/handlers/vault.md), so one attempt of the host can arrive twice.
        flakyAnswers("flaky-reset", 2 * BUDGET); // see sendings()
    }

    private void flakyAnswers(String name, int mostRequests) {
        List<UUID> ids = ids(name);
        host.awaitAnswers(ids, Duration.ofSeconds(30));
        Map<String, Long> outcomes = host.outcomes(ids);
        report.figure(name + ": answers by code", outcomes);
        assertThat(outcomes.keySet()).isSubsetOf("OK", "SERVICE_UNAVAILABLE", "CIRCUIT_OPEN");
        Map<String, Long> attempts = SecretReads.attempts(vault);
        List<Long> perEnvelope = inPhase(name).stream().map(s -> attempts.getOrDefault(s.path(), 0L)).toList();
        report.figure(name + ": requests that reached Vault", perEnvelope.stream().mapToLong(Long::longValue).sum()
                + " for " + ids.size() + " envelopes (at most " + mostRequests + " each; most for one: "
                + perEnvelope.stream().mapToLong(Long::longValue).max().orElse(0) + ")");
        assertThat(perEnvelope).as("requests per envelope").allMatch(n -> n <= mostRequests)
                .as("some envelope's read was sent again").anyMatch(n -> n > 1);
    }

    private void slow() throws Exception {
        phase = "slow";
        vault.slow(SLOW);
        report.event("injected: every answer delayed " + ChaosReport.seconds(SLOW) + " (read timeout 1 s)");
        // Two envelopes in flight at most: the first ones use their whole budget of attempts, each
        // timing out, before their failures open the breaker; the slow answers last until then.
        Duration from = report.elapsed();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> report.elapsed().minus(from).compareTo(Duration.ofSeconds(2)) >= 0
                        && host.outcomes(ids("slow")).containsKey("TIMEOUT"));
        vault.slow(Duration.ZERO);
        phase = "after-slow";
        report.event("restored: answers without delay");
        List<UUID> ids = ids("slow");
        host.awaitAnswers(ids, Duration.ofSeconds(30));
        Map<String, Long> outcomes = host.outcomes(ids);
        report.figure("slow: answers by code", outcomes);
        assertThat(outcomes.keySet()).isSubsetOf("OK", "TIMEOUT", "CIRCUIT_OPEN");
        assertThat(outcomes).containsKey("TIMEOUT");
        // Each attempt gives up at the read timeout and never waits for the late answer: the next
        // attempt of the same envelope reaches Vault before the first answer would have come.
        Map<String, List<Instant>> arrivals = SecretReads.arrivals(vault);
        Duration widest = inPhase("slow").stream().filter(answered("TIMEOUT"))
                .flatMap(s -> SecretReads.gaps(arrivals.getOrDefault(s.path(), List.of())).stream())
                .max(Duration::compareTo).orElseThrow();
        report.figure("slow: longest gap between two attempts of a TIMEOUT envelope", ChaosReport.seconds(widest));
        assertThat(widest).isLessThan(SLOW);
        long longest = number(probe.get("/health/handlers").body(), "max_ms");
        report.figure("slow: longest call, all attempts", longest + " ms");
        assertThat(longest).as("bounded by 1 + max_retries attempts of timeout_ms").isLessThan(BUDGET * 3_000L + 1_000);
    }

    private Duration sealed() throws Exception {
        phase = "sealed";
        Duration sealedAt = report.elapsed();
        vault.seal();
        report.event("injected: Vault sealed");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> BREAKER_OPEN.matcher(probe.get("/metrics").body()).find());
        report.event("metrics: onex_breaker_state{state=\"open\"} = 1");
        await().atMost(Duration.ofSeconds(30)).until(() -> watch.firstSeenAfter("breaker", "open", sealedAt).isPresent());
        Duration trip = watch.firstSeenAfter("breaker", "open", sealedAt).orElseThrow().minus(sealedAt);
        report.figure("sealed: breaker open in health after the seal", ChaosReport.seconds(trip));
        assertThat(trip).isLessThan(Duration.ofSeconds(10));
        // The host checks Vault actively, so readiness may already be 503 from the slow phase.
        await().atMost(Duration.ofSeconds(30)).until(() -> watch.heldOrSeenAfter("ready", "503", sealedAt).isPresent());
        report.figure("sealed: ready 503 after the seal", ChaosReport.seconds(
                watch.heldOrSeenAfter("ready", "503", sealedAt).orElseThrow().minus(sealedAt)));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> report.elapsed().minus(sealedAt).compareTo(Duration.ofSeconds(3)) >= 0);
        vault.unseal();
        Duration unsealedAt = report.elapsed();
        report.event("restored: Vault unsealed (sealed " + ChaosReport.seconds(unsealedAt.minus(sealedAt)) + ")");
        return unsealedAt;
    }

    private void restored(Duration unsealedAt) throws Exception {
        phase = "restored";
        await().atMost(Duration.ofSeconds(30))
                .until(() -> watch.firstSeenAfter("breaker", "closed", unsealedAt).isPresent());
        report.figure("restored: breaker closed after the unseal", ChaosReport.seconds(
                watch.firstSeenAfter("breaker", "closed", unsealedAt).orElseThrow().minus(unsealedAt)));
        // The metrics are another view, read on their own request: awaited, not assumed to agree at once.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> BREAKER_CLOSED.matcher(probe.get("/metrics").body()).find());
        await().atMost(Duration.ofSeconds(30)).until(() -> watch.firstSeenAfter("ready", "200", unsealedAt).isPresent());
        report.figure("restored: ready 200 after the unseal", ChaosReport.seconds(
                watch.firstSeenAfter("ready", "200", unsealedAt).orElseThrow().minus(unsealedAt)));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> host.outcomes(ids("restored")).getOrDefault("OK", 0L) >= 20);
        report.event("restored: 20 answers OK");
    }

    private void throughout() throws Exception {
        List<UUID> all = sent.stream().map(Sent::id).toList();
        host.awaitAnswers(all, Duration.ofSeconds(30));
        report.figure("envelopes in", all.size());
        report.figure("answers by code", host.outcomes(all));
        assertThat(host.notAnsweredOnce(all)).as("not answered exactly once").isEmpty();
        assertThat(host.outcomes(all).keySet()).isSubsetOf("OK", "SERVICE_UNAVAILABLE", "TIMEOUT", "CIRCUIT_OPEN");

        Map<String, Long> attempts = SecretReads.attempts(vault);
        Map<String, List<Instant>> arrivals = SecretReads.arrivals(vault);
        assertThat(sent).as("envelopes that reached Vault more than 1 + max_retries times")
                .filteredOn(s -> attempts.getOrDefault(s.path(), 0L) > sendings(s, arrivals) * BUDGET).isEmpty();
        List<Sent> refused = sent.stream().filter(answered("CIRCUIT_OPEN")).toList();
        long untouched = refused.stream().filter(s -> !attempts.containsKey(s.path())).count();
        report.figure("answered CIRCUIT_OPEN", refused.size() + ", of which " + untouched + " never reached Vault");
        // The attempt answered CIRCUIT_OPEN is the one the breaker refused: it never reached Vault.
        assertThat(refused).as("CIRCUIT_OPEN envelopes that reached Vault with every attempt")
                .filteredOn(s -> attempts.getOrDefault(s.path(), 0L) > sendings(s, arrivals) * MAX_RETRIES).isEmpty();
        assertThat(untouched).isPositive();

        Map<String, Long> whileSealed = host.outcomes(ids("sealed"));
        long reachedSealed = inPhase("sealed").stream().mapToLong(s -> attempts.getOrDefault(s.path(), 0L)).sum();
        report.figure("sealed: answers by code", whileSealed);
        report.figure("sealed: requests that reached Vault", reachedSealed + " for " + inPhase("sealed").size()
                + " envelopes");
        assertThat(whileSealed.keySet()).isSubsetOf("OK", "SERVICE_UNAVAILABLE", "CIRCUIT_OPEN");
        assertThat(whileSealed).containsKey("CIRCUIT_OPEN");
        assertThat(reachedSealed).as("the open breaker kept the reads away from the sealed Vault")
                .isLessThan(inPhase("sealed").size());

        List<Sent> last = sent.subList(Math.max(0, sent.size() - 10), sent.size()); // the load has stopped
        assertThat(last).as("the last envelopes, after the recovery").allMatch(answered("OK"));
        assertThat(watch.history("live")).as("liveness never failed").containsOnly("200");
        String handlers = probe.get("/health/handlers").body();
        report.figure("binding counters at the end", counters(handlers));
        assertThat(number(handlers, "retries")).as("the host's retries").isBetween(1L, (long) MAX_RETRIES * all.size());
        report.figure("breaker openings", number(probe.get("/metrics").body(),
                "onex_breaker_openings_total\\{[^}]*binding=\"" + BINDING + "\"[^}]*}"));
        for (String body : List.of(handlers, probe.get("/health/ready").body(), probe.get("/metrics").body())) {
            assertThat(body).doesNotContain(TOKEN);
        }
        assertThat(host.process().alive()).isTrue();
    }

    /**
     * How often one attempt of {@code envelope} may reach Vault: twice when one of its requests
     * arrived while connections were being reset (the client's repeat), once otherwise.
     */
    private int sendings(Sent envelope, Map<String, List<Instant>> arrivals) {
        return arrivals.getOrDefault(envelope.path(), List.of()).stream()
                .anyMatch(at -> !at.isBefore(resetFrom) && !at.isAfter(resetUntil)) ? 2 : 1;
    }

    /** Waits until the breaker is closed and the load's newest envelopes are answered OK again. */
    private void settle() {
        phase = "settle";
        int from = sent.size();
        Function<HealthProbe, String> breaker = HealthWatch.field("/health/handlers", "breaker");
        await().atMost(Duration.ofSeconds(20)).until(() -> breaker.apply(probe).equals("closed")
                && sent.stream().skip(from).filter(answered("OK")).count() >= 3);
        report.event("settled: breaker closed, answers OK again");
    }

    /** For {@code length}, turns {@code on} for one request arriving at Vault, then {@code off} for the next. */
    private void every(Duration length, Runnable on, Runnable off) {
        long deadline = System.nanoTime() + length.toNanos();
        while (System.nanoTime() < deadline) {
            int seen = vault.requests().size();
            on.run();
            awaitRequests(seen + 1, deadline);
            off.run();
            awaitRequests(seen + 2, deadline);
        }
    }

    private void awaitRequests(int count, long deadline) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                .until(() -> vault.requests().size() >= count || System.nanoTime() >= deadline);
    }

    private void read(int index) {
        String path = SecretReads.path(index);
        vault.put("secret", path, Map.of("value", "v" + index));
        String current = phase;
        sent.add(new Sent(host.send("config_reader", "vault", "vault.get_secret", "{\"path\":\"" + path + "\"}"),
                path, current));
    }

    private List<Sent> inPhase(String name) {
        return sent.stream().filter(s -> s.phase().equals(name)).toList();
    }

    private List<UUID> ids(String name) {
        return inPhase(name).stream().map(Sent::id).toList();
    }

    private Predicate<Sent> answered(String outcome) {
        return s -> host.answersTo(s.id()).stream().anyMatch(a -> a.outcome().equals(outcome));
    }

    private static Map<String, Function<HealthProbe, String>> signals() {
        return Map.of("live", HealthWatch.status("/health/live"), "ready", HealthWatch.status("/health/ready"),
                "breaker", HealthWatch.field("/health/handlers", "breaker"));
    }

    private static Pattern metric(String state) {
        return Pattern.compile("onex_breaker_state\\{[^}]*binding=\"" + BINDING + "\"[^}]*state=\"" + state + "\"[^}]*} 1");
    }

    private static long number(String text, String name) {
        Matcher matcher = Pattern.compile((name.startsWith("onex_") ? name + " " : "\"" + name + "\":")
                + "(\\d+)").matcher(text);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    private static String counters(String handlers) {
        Matcher matcher = Pattern.compile("\"(calls|failures|retries|timeouts|circuit_open)\":(\\d+)").matcher(handlers);
        Map<String, String> found = new java.util.LinkedHashMap<>();
        while (matcher.find()) {
            found.putIfAbsent(matcher.group(1), matcher.group(1) + "=" + matcher.group(2));
        }
        return String.join(", ", found.values());
    }

    private Path contract() {
        Launcher.write(dir, "nodes/config_reader.yaml", """
                schema_version: "1.0.0"
                name: config_reader
                node_type: EFFECT
                io_operations:
                  - handler: %s
                    operations: [vault.get_secret]
                    targets: ["app"]
                """.formatted(BINDING));
        return Launcher.write(dir, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: chaos_vault_flaky
                  version: "1.0.0"
                  environment: prod
                  event_bus:
                    kind: inmemory
                    backpressure: { max_inflight_envelopes: 2 }
                  handlers:
                    - type: vault
                      name: %s
                      timeout_ms: 3000
                      retry_policy: { max_retries: %d, backoff_strategy: fixed, base_delay_ms: 50, jitter: 0 }
                      circuit_breaker: { failure_threshold: 5, window: 10, reset_timeout_ms: 1000 }
                      config:
                        address: "${VAULT_ADDR}"
                        token: { secret_ref: "env:VAULT_TOKEN" }
                        read_timeout_ms: 1000
                  nodes_dir: nodes
                  health: { enabled: true, port: 0 }
                  shutdown: { grace_seconds: 5 }
                """.formatted(BINDING, MAX_RETRIES));
    }
}
