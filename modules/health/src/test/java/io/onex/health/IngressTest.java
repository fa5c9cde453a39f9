package io.onex.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.contract.Environment;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class IngressTest extends TestHostFixture {

    @Test
    void aPostedEnvelopeIsAnsweredWithItsResponse() {
        test = TestHost.start();
        UUID id = UUID.randomUUID();

        HttpResponse<String> response = test.post("/v1/envelopes", "{\"envelope_id\":\"" + id
                + "\",\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\","
                + "\"payload\":{\"greeting\":\"hello\"}}");

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("causation_id", id.toString()).containsEntry("success", true)
                .containsEntry("is_response", true).containsEntry("payload", Map.of("greeting", "hello"));
    }

    @Test
    void anEnvelopeThatFailsIsAnsweredWithItsErrorEnvelope() {
        test = TestHost.start();

        HttpResponse<String> response = test.post("/v1/envelopes", HealthEndpointsTest.request("nowhere",
                "local.echo"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).containsEntry("success", false);
        assertThat(response.body()).contains("NODE_NOT_FOUND");
    }

    @Test
    void aBodyThatIsNotAnEnvelopeIsRejectedWith400AndAnErrorEnvelope() {
        test = TestHost.start();

        HttpResponse<String> response = test.post("/v1/envelopes", "{\"target_node\": ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("success", false);
        assertThat(response.body()).contains("ENVELOPE_VALIDATION_ERROR");
    }

    @Test
    void anEnvelopeOfAHandlerTypeTheHostDoesNotHaveIsRejectedWith400ListingItsTypes() {
        test = TestHost.start();

        HttpResponse<String> response = test.post("/v1/envelopes",
                "{\"target_node\":\"echo\",\"handler_type\":\"redis\",\"operation\":\"redis.get\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("ENVELOPE_VALIDATION_ERROR",
                "handler_type \\\"redis\\\" is not one of local, db");
    }

    @Test
    void noResponseWithinTheTimeoutIsA504AndTheWaitIsForgotten() {
        test = TestHost.start(b -> b.ingressTimeout(Duration.ofMillis(300)));
        test.local.holdCalls();

        HttpResponse<String> response = test.post("/v1/envelopes", HealthEndpointsTest.request("echo", "local.echo"));
        test.local.release();

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(json(response)).extractingByKey("error").asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("code", "TIMEOUT");
    }

    @Test
    void aSecondRequestWithTheSameEnvelopeIdWhileTheFirstWaitsIsAConflict() {
        test = TestHost.start();
        test.local.holdCalls();
        String body = "{\"envelope_id\":\"" + UUID.randomUUID()
                + "\",\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\",\"payload\":{}}";
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(
                () -> test.post("/v1/envelopes", body));
        await().atMost(Duration.ofSeconds(10)).until(() -> test.host.inFlight() == 1);

        HttpResponse<String> second = test.post("/v1/envelopes", body);
        test.local.release();

        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(first.join().statusCode()).isEqualTo(200);
    }

    @Test
    void theIngressIsOffInProdUnlessTheContractTurnsItOn() {
        test = TestHost.start(Environment.PROD, Optional.empty());

        assertThat(test.post("/v1/envelopes", HealthEndpointsTest.request("echo", "local.echo")).statusCode())
                .isEqualTo(404);
        assertThat(test.get("/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void theIngressIsOffInStagingUnlessTheContractTurnsItOn() {
        test = TestHost.start(Environment.STAGING, Optional.empty());

        assertThat(test.post("/v1/envelopes", HealthEndpointsTest.request("echo", "local.echo")).statusCode())
                .isEqualTo(404);
        assertThat(test.logText()).contains("\"ingress\":false");
        test.close();

        test = TestHost.start(Environment.STAGING, Optional.of(true));
        assertThat(test.post("/v1/envelopes", HealthEndpointsTest.request("echo", "local.echo")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void theContractCanTurnTheIngressOnInProd() {
        test = TestHost.start(Environment.PROD, Optional.of(true));

        assertThat(test.post("/v1/envelopes", HealthEndpointsTest.request("echo", "local.echo")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void theContractCanTurnTheIngressOffInDev() {
        test = TestHost.start(Environment.DEV, Optional.of(false));

        assertThat(test.post("/v1/envelopes", HealthEndpointsTest.request("echo", "local.echo")).statusCode())
                .isEqualTo(404);
    }
}
