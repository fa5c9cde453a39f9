package io.onex.handler.http;

import static io.onex.handler.http.HttpCalls.binding;
import static io.onex.handler.http.HttpCalls.call;
import static io.onex.handler.http.HttpCalls.payload;
import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Secrets;
import io.onex.host.api.contract.SecretRef;
import io.onex.testkit.HttpRecordedRequest;
import io.onex.testkit.HttpReply;
import io.onex.testkit.TestHttpServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A credential header rotated at the server reaches the handler without a restart: a 401 makes
 * the handler read its secret headers again from their source and send the request once more.
 * The 401 comes from a real HTTP server; the secret source is a small in-test store with a cache
 * in front of it, standing in for the resolver.
 */
class HttpHandlerCredentialRotationTest {

    private static final SecretRef TOKEN = new SecretRef("env:API_TOKEN");

    private final TestHttpServer server = TestHttpServer.start();
    private final RotatingToken secrets = new RotatingToken("Bearer old-token-1");
    private HttpHandler handler;

    @AfterEach
    void close() {
        if (handler != null) {
            handler.shutdown();
        }
        server.close();
    }

    @Test
    void a401AfterARotationIsAnsweredWithTheNewTokenOnTheSecondTry() {
        server.answer("/api/orders", HttpReply.status(401), HttpReply.json(200, "{\"ok\":true}"));
        secrets.rotate("Bearer new-token-2");
        handler = start();

        Map<String, Object> response = handler.execute(call("http.post", payload("url", "/orders",
                "body", Map.of("id", 1))));

        assertThat(response).containsEntry("status_code", 200);
        assertThat(server.requests()).extracting(request -> request.header("Authorization").orElseThrow())
                .containsExactly("Bearer old-token-1", "Bearer new-token-2");
        assertThat(secrets.refreshes).hasValue(1);
    }

    @Test
    void a401WithAnUnchangedTokenIsTheAnswerAfterOneRequest() {
        server.answer("/api/orders", HttpReply.status(401));
        handler = start();

        Map<String, Object> response = handler.execute(call("http.get", payload("url", "/orders")));

        assertThat(response).containsEntry("status_code", 401);
        assertThat(server.requests()).hasSize(1);
        assertThat(secrets.refreshes).hasValue(1);
    }

    @Test
    void aBindingWithoutSecretHeadersDoesNotRetryA401() {
        server.answer("/api/orders", HttpReply.status(401));
        handler = HttpHandler.create(binding(Duration.ofSeconds(5), Map.of("base_url", server.url("/api"))), secrets);
        handler.initialize();

        assertThat(handler.execute(call("http.get", payload("url", "/orders")))).containsEntry("status_code", 401);
        assertThat(server.requests()).extracting(HttpRecordedRequest::path).containsExactly("/api/orders");
        assertThat(secrets.refreshes).hasValue(0);
    }

    private HttpHandler start() {
        HttpHandler started = HttpHandler.create(binding(Duration.ofSeconds(5), Map.of("base_url", server.url("/api"),
                "default_headers", Map.of("Authorization", TOKEN))), secrets);
        started.initialize();
        return started;
    }

    /** A token store with a cache in front: apply answers from the cache, refresh re-reads the store. */
    private static final class RotatingToken implements Secrets {
        private final AtomicReference<String> store;
        private final AtomicReference<String> cache;
        private final AtomicInteger refreshes = new AtomicInteger();

        RotatingToken(String token) {
            store = new AtomicReference<>(token);
            cache = new AtomicReference<>(token);
        }

        void rotate(String token) {
            store.set(token);
        }

        @Override
        public String apply(SecretRef ref) {
            assertThat(ref).isEqualTo(TOKEN);
            return cache.get();
        }

        @Override
        public String refresh(SecretRef ref) {
            refreshes.incrementAndGet();
            cache.set(store.get());
            return cache.get();
        }
    }
}
