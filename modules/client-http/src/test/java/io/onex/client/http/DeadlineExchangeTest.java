package io.onex.client.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.ConnectionException;
import io.onex.host.api.HandlerExecutionException;
import io.onex.host.api.OnexException;
import io.onex.host.api.OnexTimeoutException;
import io.onex.testkit.HttpReply;
import io.onex.testkit.TestHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlineExchangeTest {

    private final TestHttpServer server = TestHttpServer.start();
    private final ClientLifecycle lifecycle = ClientLifecycle.of(Duration.ofSeconds(5));
    private final HttpClient client = lifecycle.start();

    @AfterEach
    void stop() {
        lifecycle.shutdown();
        server.close();
    }

    /** Maps failures as a handler would, so a test can tell which path was taken. */
    static DeadlineExchange.Failures failures() {
        return new DeadlineExchange.Failures() {
            @Override
            public String describe() {
                return "GET /hang";
            }

            @Override
            public String awaited() {
                return "the answer";
            }

            @Override
            public OnexException timeout(Throwable cause) {
                return new OnexTimeoutException("timeout; " + (cause == null ? "deadline passed before sending"
                        : "cause " + cause.getClass().getSimpleName()), cause);
            }

            @Override
            public OnexException failure(Throwable error) {
                return BoundedBody.isOverflow(error)
                        ? new HandlerExecutionException("overflow", error)
                        : new ConnectionException("failure " + error.getClass().getSimpleName(), error);
            }
        };
    }

    private <T> HttpResponse<T> send(String path, HttpResponse.BodyHandler<T> bodies, Duration within) {
        return DeadlineExchange.send(client, left -> HttpRequest.newBuilder(server.uri().resolve(path))
                .timeout(left).build(), bodies, System.nanoTime() + within.toNanos(), failures());
    }

    @Test
    void aCompleteAnswerWithinTheDeadlineIsReturned() {
        server.answer("/ok", HttpReply.text(200, "fine"));

        HttpResponse<String> response = send("/ok", HttpResponse.BodyHandlers.ofString(), Duration.ofSeconds(20));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("fine");
    }

    @Test
    void aBodyThatStallsPastTheDeadlineIsATimeout() {
        // The head arrives at once, so only the wait on the whole exchange can end this call.
        server.answer("/stall", HttpReply.stall(200));

        assertThatThrownBy(() -> send("/stall", HttpResponse.BodyHandlers.ofByteArray(), Duration.ofMillis(500)))
                .isInstanceOf(OnexTimeoutException.class)
                .hasMessage("timeout; cause TimeoutException")
                .hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void aDeadlineThatHasPassedSendsNothing() {
        server.answer("/ok", HttpReply.text(200, "fine"));

        assertThatThrownBy(() -> DeadlineExchange.send(client, left -> HttpRequest.newBuilder(
                server.uri().resolve("/ok")).build(), HttpResponse.BodyHandlers.ofString(), System.nanoTime() - 1,
                failures()))
                .isInstanceOf(OnexTimeoutException.class)
                .hasMessage("timeout; deadline passed before sending");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aRefusedConnectionGoesToTheCallersFailureMapping() {
        URI closed = server.uri();
        server.close();

        assertThatThrownBy(() -> DeadlineExchange.send(client, left -> HttpRequest.newBuilder(closed.resolve("/x"))
                .timeout(left).build(), HttpResponse.BodyHandlers.ofString(),
                System.nanoTime() + Duration.ofSeconds(20).toNanos(), failures()))
                .isInstanceOf(ConnectionException.class)
                .hasMessageStartingWith("failure ");
    }

    @Test
    void aRequestTheClientRefusesGoesToTheCallersFailureMappingWithoutBeingSent() {
        // A restricted header: the JDK refuses the request before sending; its message is not copied.
        assertThatThrownBy(() -> DeadlineExchange.send(client, left -> HttpRequest.newBuilder(server.uri())
                .header("Connection", "close").build(), HttpResponse.BodyHandlers.ofString(),
                System.nanoTime() + Duration.ofSeconds(20).toNanos(), failures()))
                .isInstanceOf(ConnectionException.class)
                .hasMessage("failure IllegalArgumentException");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aBodyLargerThanTheBoundIsStoppedAndRecognisedAsOverflow() {
        server.answer("/big", HttpReply.of(200, Map.of(), "x".repeat(4096).getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> send("/big", BoundedBody.handler(1024), Duration.ofSeconds(20)))
                .isInstanceOf(HandlerExecutionException.class)
                .hasMessage("overflow");
    }

    @Test
    void aBodyWithinTheBoundIsReadWhole() {
        server.answer("/small", HttpReply.of(200, Map.of(), "x".repeat(1024).getBytes(StandardCharsets.UTF_8)));

        assertThat(send("/small", BoundedBody.handler(1024), Duration.ofSeconds(20)).body()).hasSize(1024);
    }
}
