package io.onex.handler.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.HandlerType;
import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.testkit.HttpReply;
import io.onex.testkit.TestHttpServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code health_path}: without it the binding has no active check; with it the check asks that
 * path on {@code base_url} and is healthy on 2xx only; it needs {@code base_url}.
 */
class HttpCheckTest {

    @Test
    void withoutHealthPathThereIsNothingToCheck() {
        HttpHandler handler = HttpHandler.create(HandlerBinding.of(HandlerType.of("http"), Map.of()), ref -> "unused");
        assertThat(handler.check()).isEmpty();
    }

    @Test
    void healthPathNeedsBaseUrl() {
        assertThatThrownBy(() -> HttpHandler.create(HandlerBinding.of(HandlerType.of("http"),
                Map.of("health_path", "/healthz")), ref -> "unused"))
                .isInstanceOf(ProtocolConfigurationException.class)
                .hasMessageContaining("config.health_path needs config.base_url");
    }

    @Test
    void theCheckAsksTheHealthPathOnBaseUrl() {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.answer("/svc/healthz", HttpReply.status(204));
            HttpHandler handler = HttpHandler.create(HandlerBinding.of(HandlerType.of("http"),
                    Map.of("base_url", server.url("/svc/"), "health_path", "/healthz")), ref -> "unused");
            handler.initialize();
            try {
                assertThat(handler.check().orElseThrow().healthy()).isTrue();
                server.answer("/svc/healthz", HttpReply.status(500));
                assertThat(handler.check().orElseThrow().details()).containsEntry("status", 500)
                        .containsEntry("error", "the health endpoint answered 500");
                assertThat(server.requests()).extracting(request -> request.path()).containsOnly("/svc/healthz");
            } finally {
                handler.shutdown();
            }
        }
    }
}
