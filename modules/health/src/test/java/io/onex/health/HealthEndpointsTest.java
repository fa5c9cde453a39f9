package io.onex.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.Envelope;
import io.onex.host.api.HandlerType;
import io.onex.host.api.InvalidOperationException;
import io.onex.host.core.runtime.RuntimeHostProcess;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class HealthEndpointsTest extends TestHostFixture {

    @Test
    void theServerListensOnTheFreePortItGotAndLogsIt() {
        test = TestHost.start();

        assertThat(test.server.port()).isPositive();
        assertThat(test.logText()).contains("\"message\":\"health server listening\"")
                .contains("\"port\":" + test.server.port());
    }

    @Test
    void livenessIsOkWhileTheHostRuns() {
        test = TestHost.start();

        HttpResponse<String> response = test.get("/health/live");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).containsEntry("status", "live");
    }

    @Test
    void readinessIsOkWhenTheBusIsConnectedAndEveryRequiredBindingIsHealthy() {
        test = TestHost.start();

        HttpResponse<String> response = test.get("/health/ready");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).containsEntry("status", "ready").containsEntry("state", "running");
    }

    @Test
    void readinessTurns503WithTheReasonWhenARequiredBindingGoesDownAndRecoversWhenItReturns() {
        test = TestHost.start();

        test.db.healthy = false;
        HttpResponse<String> down = test.get("/health/ready");
        test.db.healthy = true;
        HttpResponse<String> back = test.get("/health/ready");

        assertThat(down.statusCode()).isEqualTo(503);
        Map<String, Object> body = json(down);
        assertThat(body).containsEntry("status", "not_ready");
        assertThat((List<Map<String, Object>>) body.get("reasons")).singleElement().satisfies(reason -> {
            assertThat(reason).containsEntry("component", "binding:db")
                    .containsEntry("reason", "the required binding is unhealthy")
                    .containsEntry("details", Map.of("pool", "connection refused"));
        });
        assertThat(back.statusCode()).isEqualTo(200);
    }

    @Test
    void anOptionalBindingGoingDownLeavesTheHostReady() {
        test = TestHost.start();

        test.cache.healthy = false;

        assertThat(test.get("/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void aDependencyOutageNeverFailsLiveness() {
        test = TestHost.start();

        test.db.healthy = false;

        assertThat(test.get("/health/ready").statusCode()).isEqualTo(503);
        assertThat(test.get("/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void readinessTurns503WhenShutdownBeginsBeforeTheDrainEnds() {
        test = TestHost.start();
        test.local.holdCalls();
        test.publish(Envelope.request("echo", HandlerType.of("local"), "local.echo", Map.of()));
        await().atMost(Duration.ofSeconds(10)).until(() -> test.host.inFlight() == 1);

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(test.host::shutdown);
        await().atMost(Duration.ofSeconds(10)).until(() -> test.host.state() == RuntimeHostProcess.State.DRAINING);
        HttpResponse<String> draining = test.get("/health/ready");
        test.local.release();
        shutdown.join();

        assertThat(draining.statusCode()).isEqualTo(503);
        assertThat(json(draining)).containsEntry("state", "draining");
        assertThat(test.host.state()).isEqualTo(RuntimeHostProcess.State.STOPPED);
    }

    @Test
    void livenessTurns503WhenWorkWaitsWithNothingAnsweredAndRecoversOnceWorkMovesAgain() {
        test = TestHost.start(b -> b.stallLimit(Duration.ofMillis(200)));
        test.local.holdCalls();
        test.publish(Envelope.request("echo", HandlerType.of("local"), "local.echo", Map.of()));
        await().atMost(Duration.ofSeconds(10)).until(() -> test.host.inFlight() == 1);

        assertThat(test.get("/health/live").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> test.get("/health/live").statusCode() == 503);
        HttpResponse<String> stuck = test.get("/health/live");
        test.local.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> test.host.inFlight() == 0);

        assertThat(json(stuck)).containsEntry("status", "stuck");
        assertThat(test.get("/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theHandlersReportShowsEachBindingEachNodeAndTheBus() {
        test = TestHost.start();
        test.local.behaviour = invocation -> {
            if (invocation.envelope().operation().equals("local.error")) {
                throw new InvalidOperationException("scripted failure");
            }
            return Map.of("ok", true);
        };
        assertThat(test.post("/v1/envelopes", request("echo", "local.echo")).statusCode()).isEqualTo(200);
        assertThat(test.post("/v1/envelopes", request("echo", "local.error")).statusCode()).isEqualTo(200);

        HttpResponse<String> response = test.get("/health/handlers");

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("state", "running").containsKey("runtime_id");
        List<Map<String, Object>> bindings = (List<Map<String, Object>>) body.get("bindings");
        assertThat(bindings).extracting(b -> b.get("name")).containsExactlyInAnyOrder("local", "db", "cache");
        Map<String, Object> local = bindings.stream().filter(b -> b.get("name").equals("local")).findFirst()
                .orElseThrow();
        assertThat(local).containsEntry("handler_type", "local").containsEntry("state", "healthy")
                .containsEntry("healthy", true).containsEntry("required", true)
                .containsEntry("last_error", "INVALID_OPERATION").containsEntry("calls", 2)
                .containsEntry("failures", 1).containsEntry("retries", 0).containsEntry("breaker", null);
        assertThat((Map<String, Object>) local.get("latency")).containsEntry("count", 2)
                .containsKeys("mean_ms", "max_ms");
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) body.get("nodes");
        assertThat(nodes).contains(Map.of("node", "echo", "in_flight", 0, "received", 2, "answered", 1,
                "failed", 1, "ready", true, "bindings", List.of("local"), "down", List.of(), "disabled", List.of()));
        Map<String, Object> bus = (Map<String, Object>) body.get("bus");
        assertThat(bus).containsEntry("kind", "inmemory").containsEntry("connected", true)
                .containsEntry("kafka_healthy", null).containsEntry("consumer_lag", 0);
        assertThat(body).as("the host's extra report sections").containsEntry("extra_section", Map.of("answer", 42));
    }

    @Test
    void theHandlersReportHoldsNoEnvelopeContent() {
        test = TestHost.start();
        test.post("/v1/envelopes", """
                {"target_node":"echo","handler_type":"local","operation":"local.echo",
                 "payload":{"password":"hunter2-secret"}}""");

        assertThat(test.get("/health/handlers").body()).doesNotContain("hunter2-secret");
        assertThat(test.get("/metrics").body()).doesNotContain("hunter2-secret");
    }

    @Test
    void unknownPathsAreNotFound() {
        test = TestHost.start();

        assertThat(test.get("/health/nothing").statusCode()).isEqualTo(404);
    }

    static String request(String node, String operation) {
        return "{\"target_node\":\"" + node + "\",\"handler_type\":\"local\",\"operation\":\"" + operation
                + "\",\"payload\":{\"n\":1}}";
    }
}
