package io.onex.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.contract.HealthSpec;
import io.onex.host.api.contract.SecretRef;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The bearer token of the health server, through a real server and a real HTTP client: the
 * ingress and {@code /health/handlers} ask for it, the probes never do, {@code /metrics} only when
 * the contract says so, and a rotated token takes effect at once.
 */
class BearerAuthTest extends TestHostFixture {

    private static final String TOKEN = "health-token-6d1f9a";
    private static final SecretRef REF = new SecretRef("env:ONEX_HEALTH_TOKEN");

    private final CachedSecrets secrets = new CachedSecrets(TOKEN);

    private TestHost start(boolean metrics) {
        return TestHost.start(b -> b.auth(Optional.of(new HealthSpec.Auth(REF, metrics))).secrets(secrets));
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(test.uri(path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return test.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(test.uri("/v1/envelopes")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(HealthEndpointsTest.request("echo", "local.echo")));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return test.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theIngressAndTheHandlersReportAskForTheTokenAndSayNothingMore() throws Exception {
        test = start(false);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        test.local.behaviour = invocation -> {
            calls.incrementAndGet();
            return invocation.payload();
        };

        for (String refused : new String[] {null, "Bearer wrong", "Bearer " + TOKEN + "x", "Basic " + TOKEN,
                "Bearer ", "Bearer " + TOKEN.substring(0, 5)}) {
            HttpResponse<String> handlers = get("/health/handlers", refused);
            HttpResponse<String> ingress = post(refused);
            for (HttpResponse<String> response : java.util.List.of(handlers, ingress)) {
                assertThat(response.statusCode()).as("%s", refused).isEqualTo(401);
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"onex-host\"");
                assertThat(response.body()).isEmpty();
            }
        }
        assertThat(calls.get()).as("no refused envelope reached a handler").isZero();

        HttpResponse<String> handlers = get("/health/handlers", "Bearer " + TOKEN);
        HttpResponse<String> ingress = post("bearer " + TOKEN);
        assertThat(handlers.statusCode()).isEqualTo(200);
        assertThat(handlers.body()).contains("\"node\":\"echo\"").doesNotContain(TOKEN);
        assertThat(ingress.statusCode()).isEqualTo(200);
        assertThat(ingress.body()).contains("\"success\":true");
        assertThat(calls.get()).isEqualTo(1);
        assertThat(test.logText()).contains("\"auth\":\"bearer token (ingress, handlers)\"").doesNotContain(TOKEN);
    }

    @Test
    void theProbesStayOpenAndMetricsOpenUnlessTheContractGuardsThem() throws Exception {
        test = start(false);
        assertThat(get("/health/live", null).statusCode()).isEqualTo(200);
        assertThat(get("/health/ready", null).statusCode()).isEqualTo(200);
        assertThat(get("/metrics", null).statusCode()).isEqualTo(200);
        test.close();

        test = start(true);
        assertThat(get("/health/live", null).statusCode()).isEqualTo(200);
        assertThat(get("/health/ready", null).statusCode()).isEqualTo(200);
        assertThat(get("/health/ready?node=echo", null).statusCode()).isEqualTo(200);
        assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
        assertThat(get("/metrics", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void aRotatedTokenTakesEffectWithoutARestartAndTheOldOneStopsWorking() throws Exception {
        test = start(false);
        assertThat(get("/health/handlers", "Bearer " + TOKEN).statusCode()).isEqualTo(200);

        secrets.rotate("rotated-token-0c44");
        // The first request with the new token finds the cache stale, reads the source again and
        // passes; the refresh is spaced a second apart, so a retry may be needed on a fast machine.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                .until(() -> get("/health/handlers", "Bearer rotated-token-0c44").statusCode() == 200);
        assertThat(get("/health/handlers", "Bearer " + TOKEN).statusCode()).isEqualTo(401);
        assertThat(test.logText()).doesNotContain(TOKEN).doesNotContain("rotated-token-0c44");
    }

    @Test
    void wrongTokensReadTheSourceAtMostOnceASecond() throws Exception {
        test = start(false);
        int before = secrets.sourceReads.get();
        for (int i = 0; i < 30; i++) {
            assertThat(get("/health/handlers", "Bearer guess-" + i).statusCode()).isEqualTo(401);
        }
        // 30 refusals in far less than 30 s on any machine; each second allows one refresh.
        assertThat(secrets.sourceReads.get() - before).isLessThan(30);
    }

    @Test
    void aTokenThatCannotBeReadRefusesTheRequestAndNamesOnlyTheReference() throws Exception {
        test = start(false);
        secrets.lose();

        HttpResponse<String> handlers = get("/health/handlers", "Bearer " + TOKEN);

        assertThat(handlers.statusCode()).isEqualTo(503);
        assertThat(handlers.body()).contains("SERVICE_UNAVAILABLE").doesNotContain(TOKEN);
        assertThat(test.logText()).contains("\"secret_ref\":\"env:ONEX_HEALTH_TOKEN\"").doesNotContain(TOKEN);
        assertThat(get("/health/ready", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenThatCannotBeReadAtStartFailsTheStart() {
        secrets.lose();

        assertThatThrownBy(this::startUnresolvable)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("auth_token cannot be read")
                .hasMessageContaining("env:ONEX_HEALTH_TOKEN");
    }

    private void startUnresolvable() {
        test = start(false);
    }

    @Test
    void aTokenWithoutASecretResolverIsRefusedAtBuild() {
        assertThatThrownBy(() -> TestHost.start(b -> b.auth(Optional.of(new HealthSpec.Auth(REF, false)))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a secret resolver");
    }
}
