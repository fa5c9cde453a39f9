package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.Envelope;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.testkit.HttpRecordedRequest;
import io.onex.testkit.HttpReply;
import io.onex.testkit.TestHttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resilience guard against a real failing dependency: the testkit HTTP server answering 5xx,
 * hanging or healing, reached through the HTTP handler of a host started through {@link OnexHost#start} from
 * a YAML contract, as {@code onex-host run} does. Each binding has its own policies and its own
 * node, so the tests do not share a breaker. What the dependency saw is read from the server's
 * own request log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpResilienceIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final TestHttpServer server = TestHttpServer.start();
    private HostFixture.InProcessHost fixture;
    private RunningHost host;

    @BeforeAll
    void startHost(@TempDir Path folder) {
        Launcher.write(folder, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: resilient_host
                  version: "1.0.0"
                  environment: prod
                  event_bus:
                    kind: inmemory
                    backpressure: { max_inflight_envelopes: 32, pause_threshold: 24 }
                  handlers:
                    - type: http
                      name: retrying
                      timeout_ms: 3000
                      retry_policy: { max_retries: 3, backoff_strategy: exponential, base_delay_ms: 100,
                                      max_delay_ms: 1000, jitter: 0 }
                      config: { fail_on_5xx: true }
                    - type: http
                      name: breaking
                      timeout_ms: 3000
                      # Open long enough that the next request surely finds it open on a loaded machine.
                      circuit_breaker: { failure_threshold: 3, window: 5, reset_timeout_ms: 5000 }
                      config: { fail_on_5xx: true }
                    - type: http
                      name: hanging
                      timeout_ms: 300
                      circuit_breaker: { failure_threshold: 2, window: 2, reset_timeout_ms: 60000 }
                    - type: http
                      name: metered
                      timeout_ms: 3000
                      rate_limit_per_second: 0.1
                    - type: http
                      name: narrow
                      timeout_ms: 5000
                      bulkhead: { max_concurrent: 1, queue: 0 }
                    - type: http
                      name: shared
                      timeout_ms: 5000
                      bulkhead: { max_concurrent: 64, queue: 0 }
                    - type: http
                      name: paced
                      timeout_ms: 20000
                  nodes:
                    - contract: nodes/retrier.yaml
                    - contract: nodes/fragile.yaml
                    - contract: nodes/stuck.yaml
                    - contract: nodes/thrifty.yaml
                    - contract: nodes/single.yaml
                    - contract: nodes/noisy.yaml
                      limits: { max_concurrent: 2, queue: 8 }
                    - contract: nodes/quiet.yaml
                    - contract: nodes/patient.yaml
                      limits: { max_concurrent: 1 }
                  shutdown: { grace_seconds: 5 }
                """);
        HostFixture.writeNode(folder, "retrier", "retrying", "http.get");
        HostFixture.writeNode(folder, "fragile", "breaking", "http.get");
        HostFixture.writeNode(folder, "stuck", "hanging", "http.get");
        HostFixture.writeNode(folder, "thrifty", "metered", "http.get");
        HostFixture.writeNode(folder, "single", "narrow", "http.get");
        HostFixture.writeNode(folder, "noisy", "shared", "http.get");
        HostFixture.writeNode(folder, "quiet", "shared", "http.get");
        HostFixture.writeNode(folder, "patient", "paced", "http.get");
        fixture = HostFixture.InProcessHost.start(folder.resolve("runtime.yaml"), Map.of(), System.Logger.Level.INFO,
                ref -> "unused");
        host = fixture.host();
    }

    @AfterEach
    void hostKeepsRunning() {
        assertThat(host.state()).isEqualTo("running");
    }

    @AfterAll
    void stopHost() {
        host.close();
        server.close();
    }

    private Envelope publish(String node, String path) {
        return fixture.publish(Envelope.request(node, HandlerType.of("http"), "http.get", Map.of("url", server.url(path))));
    }

    private Envelope answerTo(Envelope request) {
        return fixture.answerTo(request, PATIENCE);
    }

    private Envelope send(String node, String path) {
        return answerTo(publish(node, path));
    }

    private static Optional<ErrorCode> code(Envelope response) {
        return response.success() ? Optional.empty() : Optional.of(response.error().code());
    }

    private List<HttpRecordedRequest> requestsFor(String path) {
        return server.requests().stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Returns what the guard of binding {@code name} has seen, as the host's status view reports it. */
    private Map<?, ?> binding(String name) {
        return fixture.binding(name);
    }

    private static long count(Map<?, ?> binding, String key) {
        return ((Number) binding.get(key)).longValue();
    }

    /** Returns the counts of node {@code slug} in the host's status view. */
    private Map<?, ?> node(String slug) {
        return ((List<?>) host.status().get("nodes")).stream().map(Map.class::cast)
                .filter(node -> slug.equals(node.get("node"))).findFirst().orElseThrow();
    }

    @Test
    void fiveHundredsAreRetriedWithTheConfiguredBackoffUntilTheServerAnswers() {
        server.answer("/retry", HttpReply.status(500), HttpReply.status(500), HttpReply.status(500),
                HttpReply.json(200, "{\"ok\":true}"));

        Envelope response = send("retrier", "/retry");

        assertThat(response.success()).as("%s", response).isTrue();
        assertThat(response.payload()).containsEntry("status_code", 200);
        List<HttpRecordedRequest> arrivals = requestsFor("/retry");
        assertThat(arrivals).hasSize(4);
        // Waits of 100, 200 and 400 ms, as the server's own clock saw the attempts arrive.
        for (int i = 1; i < 4; i++) {
            Duration gap = Duration.between(arrivals.get(i - 1).arrivedAt(), arrivals.get(i).arrivedAt());
            long expected = 100L << (i - 1);
            // At least the backoff; the upper bound only catches a wait of another order (a loaded machine).
            assertThat(gap.toMillis()).as("wait before retry %d", i).isBetween(expected, expected + 10_000);
        }
        // The binding's counters are another view than the response: awaited, not assumed updated before it.
        await().atMost(PATIENCE).until(() -> count(binding("retrying"), "retries") >= 3);
    }

    @Test
    void aRequestTheHandlerRejectsIsNeverRetried() {
        long retriesBefore = count(binding("retrying"), "retries");
        long callsBefore = count(binding("retrying"), "calls");
        Envelope request = Envelope.request("retrier", HandlerType.of("http"), "http.get", Map.of("url", "not a url"));
        fixture.publish(request);

        Envelope response = answerTo(request);

        assertThat(response.error().retryable()).isFalse();
        await().atMost(PATIENCE).until(() -> count(binding("retrying"), "calls") == callsBefore + 1);
        assertThat(count(binding("retrying"), "retries")).as("and did not retry it").isEqualTo(retriesBefore);
    }

    @Test
    void theBreakerTripsAtTheThresholdWithoutTouchingTheServerAndRecoversOnceItHeals() {
        server.answer("/flaky", HttpReply.status(500));
        for (int i = 0; i < 3; i++) {
            assertThat(code(send("fragile", "/flaky"))).contains(ErrorCode.SERVICE_UNAVAILABLE);
        }
        Envelope refused = send("fragile", "/flaky");

        assertThat(code(refused)).contains(ErrorCode.CIRCUIT_OPEN);
        assertThat(requestsFor("/flaky")).as("the open breaker did not reach the server").hasSize(3);
        assertThat(binding("breaking").get("breaker")).isEqualTo("open");

        server.answer("/flaky", HttpReply.json(200, "{\"healed\":true}"));
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(() -> send("fragile", "/flaky").success());
        await().atMost(PATIENCE).until(() -> "closed".equals(binding("breaking").get("breaker")));
    }

    @Test
    void aHangingServerIsAnsweredTimeoutAndThenTheBreakerAnswersForIt() {
        server.answer("/hang", new HttpReply.Hang());
        for (int i = 0; i < 2; i++) {
            assertThat(code(send("stuck", "/hang"))).contains(ErrorCode.TIMEOUT);
        }

        assertThat(code(send("stuck", "/hang"))).contains(ErrorCode.CIRCUIT_OPEN);
        assertThat(requestsFor("/hang")).hasSize(2);
        assertThat(count(binding("hanging"), "timeouts")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void callsBeyondTheRateAreAnsweredRateLimitedAndNeverSent() {
        server.answer("/metered", HttpReply.status(204));

        assertThat(send("thrifty", "/metered").success()).isTrue();
        assertThat(code(send("thrifty", "/metered"))).contains(ErrorCode.RATE_LIMITED);
        assertThat(requestsFor("/metered")).hasSize(1);
    }

    @Test
    void aFullBulkheadAnswersOverloadedAtOnceAndTheHeldCallStillCompletes() {
        server.answer("/slow", HttpReply.delayed(Duration.ofSeconds(2), HttpReply.status(200)));
        Envelope held = publish("single", "/slow");
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5)).until(() -> requestsFor("/slow").size() == 1);

        Envelope rejected = send("single", "/slow");

        assertThat(code(rejected)).contains(ErrorCode.OVERLOADED);
        assertThat(requestsFor("/slow")).hasSize(1);
        assertThat(answerTo(held).success()).isTrue();
    }

    @Test
    void aFloodedNodeCannotStarveAnotherNodeOnTheSameBinding() {
        server.answer("/noisy", new HttpReply.Hang());
        server.answer("/quiet", HttpReply.json(200, "{}"));
        List<Envelope> flood = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            flood.add(publish("noisy", "/noisy"));
        }
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5)).until(() -> flood.stream()
                .map(request -> fixture.responses().get(request.envelopeId())).filter(Objects::nonNull)
                .filter(response -> code(response).equals(Optional.of(ErrorCode.OVERLOADED))).count() == 90);
        assertThat(((Number) node("noisy").get("in_flight")).intValue())
                .as("the node's two places are taken and its queue of eight is full").isEqualTo(10);
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            assertThat(send("quiet", "/quiet").success()).isTrue();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the quiet node was answered promptly")
                .isLessThan(Duration.ofSeconds(5));

        List<Optional<ErrorCode>> codes = flood.stream().map(this::answerTo).map(HttpResilienceIT::code).toList();
        assertThat(codes).filteredOn(code -> code.equals(Optional.of(ErrorCode.OVERLOADED))).as("beyond the queue")
                .hasSize(90);
        assertThat(codes).filteredOn(code -> code.equals(Optional.of(ErrorCode.TIMEOUT)))
                .as("the two running and the eight waiting, in the binding's timeout").hasSize(10);
        assertThat(requestsFor("/noisy")).as("only the node's limit reached the server at once").hasSizeBetween(2, 10);
    }

    @Test
    void thirtyEnvelopesTogetherForANodeThatRunsOneAtATimeAreAllAnswered() {
        server.answer("/paced", HttpReply.delayed(Duration.ofMillis(50), HttpReply.json(200, "{}")));
        List<Envelope> burst = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            burst.add(publish("patient", "/paced"));
        }

        assertThat(burst.stream().map(this::answerTo)).allMatch(Envelope::success);
        assertThat(requestsFor("/paced")).hasSize(30);
        // They waited for the node's one place: a call reached the server only after the one before it
        // was answered, which the server does 50 ms after it arrived.
        List<HttpRecordedRequest> arrivals = requestsFor("/paced");
        for (int i = 1; i < arrivals.size(); i++) {
            assertThat(Duration.between(arrivals.get(i - 1).arrivedAt(), arrivals.get(i).arrivedAt()))
                    .as("gap before call %d", i).isGreaterThanOrEqualTo(Duration.ofMillis(45));
        }
    }
}
