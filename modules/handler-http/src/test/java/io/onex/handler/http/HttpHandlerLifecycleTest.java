package io.onex.handler.http;

import static io.onex.handler.http.HttpCalls.SECRETS;
import static io.onex.handler.http.HttpCalls.binding;
import static io.onex.handler.http.HttpCalls.call;
import static io.onex.handler.http.HttpCalls.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.HandlerType;
import io.onex.host.api.OnexException;
import io.onex.host.api.contract.SecretRef;
import io.onex.testkit.HttpReply;
import io.onex.testkit.TestHttpServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Initialisation, health, description and shutdown; secrets never shown. */
class HttpHandlerLifecycleTest {

    private static final Map<String, Object> CONFIG = Map.of(
            "base_url", "http://127.0.0.1:1/api",
            "default_headers", Map.of("Authorization", new SecretRef("env:API_TOKEN")));

    private final TestHttpServer server = TestHttpServer.start();
    private final HttpHandler handler = HttpHandler.create(binding(Duration.ofSeconds(5), CONFIG), SECRETS);

    @AfterEach
    void close() {
        handler.shutdown();
        server.close();
    }

    @Test
    void isUnhealthyUntilInitialised() {
        assertThat(handler.health().healthy()).isFalse();
        assertThat(handler.health().details()).containsEntry("state", "not initialised");

        handler.initialize();

        assertThat(handler.health().healthy()).isTrue();
    }

    @Test
    void aCallBeforeInitialisationIsServiceUnavailable() {
        assertThatThrownBy(() -> handler.execute(call("http.get", payload("url", server.url("/x")))))
                .isInstanceOfSatisfying(OnexException.class, e ->
                        assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
    }

    @Test
    void healthCountsCallsAndFailuresAndShowsTheLastStatus() {
        handler.initialize();
        server.answer("/teapot", HttpReply.status(418));
        handler.execute(call("http.get", payload("url", server.url("/teapot"))));
        assertThatThrownBy(() -> handler.execute(call("http.get", payload())));

        HandlerHealth health = handler.health();

        assertThat(health.healthy()).isTrue();
        assertThat(health.details()).containsEntry("calls", 2L).containsEntry("failures", 1L)
                .containsEntry("last_status_code", 418).containsEntry("binding", "http")
                .containsEntry("base_url", "http://127.0.0.1:1/api").containsEntry("timeout_ms", 5000L)
                .containsEntry("follow_redirects", "normal").containsEntry("fail_on_5xx", false);
    }

    @Test
    void describesEveryOperationWithItsPayloadFields() {
        HttpHandlerFactory description = new HttpHandlerFactory();

        assertThat(description.type()).isEqualTo("http");
        assertThat(description.operations()).extracting(HandlerDescription.Operation::name)
                .containsExactly("http.get", "http.post", "http.put", "http.delete", "http.patch");
        assertThat(description.operations()).allSatisfy(operation -> {
            assertThat(operation.requiredFields()).containsExactly("url");
            assertThat(operation.optionalFields()).containsExactly("headers", "query", "body");
            assertThat(operation.responseFields()).containsExactly("status_code", "headers", "body");
        });
    }

    @Test
    void noResolvedSecretAppearsInHealthDescriptionOrToString() {
        handler.initialize();

        assertThat(handler.health().toString()).doesNotContain("s3cr3t");
        assertThat(handler.toString()).doesNotContain("s3cr3t");
        assertThat(HttpSettings.from(binding(Duration.ofSeconds(5), CONFIG), SECRETS).toString())
                .doesNotContain("s3cr3t").contains("Authorization: (secret)");
    }

    @Test
    void noResolvedSecretAppearsInAnErrorMessage() {
        handler.initialize();

        assertThatThrownBy(() -> handler.execute(call("http.get", payload("url", "/x"))))
                .isInstanceOfSatisfying(OnexException.class, e ->
                        assertThat(e.getMessage() + e.details()).doesNotContain("s3cr3t"));
    }

    @Test
    void isUnhealthyAfterShutdown() {
        handler.initialize();

        handler.shutdown();

        assertThat(handler.health().healthy()).isFalse();
        assertThat(handler.health().details()).containsEntry("state", "shut down");
    }

    @Test
    void shutdownAbortsACallStillInFlightPromptly() throws InterruptedException {
        handler.initialize();
        server.answer("/hang", HttpReply.hang());
        java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                handler.execute(call("http.get", payload("url", server.url("/hang"))));
            } catch (RuntimeException e) {
                outcome.set(e);
            }
        });
        server.awaitRequests(1, Duration.ofSeconds(5));

        handler.shutdown();

        assertThat(caller.join(Duration.ofSeconds(5))).isTrue();
        assertThat(outcome.get()).isInstanceOf(OnexException.class);
    }

    @Test
    void shutdownWithoutInitialisationIsHarmless() {
        handler.shutdown();

        assertThat(handler.health().healthy()).isFalse();
    }
}
