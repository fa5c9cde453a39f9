package io.onex.handler.http;

import static io.onex.handler.http.HttpCalls.call;
import static io.onex.handler.http.HttpCalls.handler;
import static io.onex.handler.http.HttpCalls.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.OnexException;
import io.onex.testkit.HttpReply;
import io.onex.testkit.TestHttpServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node's targets restrict the URLs it may call through the handler. */
class HttpHandlerTargetsTest {

    private final TestHttpServer server = TestHttpServer.start();
    private final HttpHandler handler = handler(Map.of("base_url", server.url("/api")));

    @AfterEach
    void close() {
        handler.shutdown();
        server.close();
    }

    @Test
    void aUrlUnderATargetIsCalled() {
        server.answer("/api/users/1", HttpReply.status(200));

        assertThat(handler.execute(call("http.get", payload("url", server.url("/api/users/1")),
                List.of(server.url("/api/users"))))).containsEntry("status_code", 200);
    }

    @Test
    void aRelativeUrlIsCheckedOnceResolved() {
        assertThatThrownBy(() -> handler.execute(call("http.get", payload("url", "admin"),
                List.of(server.url("/api/users")))))
                .isInstanceOfSatisfying(OnexException.class, e ->
                        assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED));
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aUrlOutsideTheTargetsIsNotAllowedAndNothingIsSent() {
        assertThatThrownBy(() -> handler.execute(call("http.post", payload("url", server.url("/api/users-admin"),
                "body", "x"), List.of(server.url("/api/users")))))
                .isInstanceOfSatisfying(OnexException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("node '" + HttpCalls.NODE + "' may not call");
                });
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void anInvalidTargetIsAConfigurationError() {
        assertThatThrownBy(() -> handler.execute(call("http.get", payload("url", server.url("/api/x")),
                List.of("api/users"))))
                .isInstanceOfSatisfying(OnexException.class, e ->
                        assertThat(e.code()).isEqualTo(ErrorCode.PROTOCOL_CONFIGURATION_ERROR));
    }
}
