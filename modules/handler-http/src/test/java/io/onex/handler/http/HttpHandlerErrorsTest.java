package io.onex.handler.http;

import static io.onex.handler.http.HttpCalls.call;
import static io.onex.handler.http.HttpCalls.handler;
import static io.onex.handler.http.HttpCalls.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.Invocation;
import io.onex.host.api.OnexException;
import io.onex.testkit.HttpReply;
import io.onex.testkit.TcpProxy;
import io.onex.testkit.TestHttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How every failure of a call maps to a host error, provoked for real against real sockets. */
class HttpHandlerErrorsTest {

    private final TestHttpServer server = TestHttpServer.start();
    private final List<HttpHandler> handlers = new ArrayList<>();

    @AfterEach
    void close() {
        handlers.forEach(HttpHandler::shutdown);
        server.close();
    }

    private HttpHandler http(Duration timeout, Map<String, Object> config) {
        HttpHandler handler = handler(timeout, config);
        handlers.add(handler);
        return handler;
    }

    private HttpHandler http(Map<String, Object> config) {
        return http(Duration.ofSeconds(5), config);
    }

    private HttpHandler http() {
        return http(Map.of());
    }

    private static OnexException failure(ThrowingCallable call) {
        List<OnexException> caught = new ArrayList<>();
        assertThatThrownBy(call).isInstanceOfSatisfying(OnexException.class, caught::add);
        return caught.getFirst();
    }

    private static OnexException failure(HttpHandler handler, Invocation invocation) {
        return failure(() -> handler.execute(invocation));
    }

    private void assertStillServes(HttpHandler handler) {
        server.answer("/ok", HttpReply.status(200));
        assertThat(handler.execute(call("http.get", payload("url", server.url("/ok"))))).containsEntry("status_code", 200);
    }

    // --- requests that cannot be sent: ENVELOPE_VALIDATION_ERROR, nothing sent ---

    @Test
    void aMissingUrlIsAValidationError() {
        OnexException e = failure(http(), call("http.get", payload("headers", Map.of())));

        assertThat(e.code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("http.get", "payload.url is required");
    }

    @Test
    void aNumberTooLongToWriteOutIsAValidationErrorNamingTheField() {
        // The envelope reader refuses such numbers already; this covers a payload built in-process.
        HttpHandler handler = http();
        for (Map<String, Object> payload : List.of(
                payload("url", server.url("/n"), "headers", Map.of("X-N", new java.math.BigDecimal("1e999999999"))),
                payload("url", server.url("/n"), "query", Map.of("page", new java.math.BigDecimal("1e-999999999"))))) {
            OnexException e = failure(handler, call("http.get", payload));

            assertThat(e.code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
            assertThat(e.getMessage()).containsAnyOf("payload.headers.X-N", "payload.query.page")
                    .contains("more than 1000 digits");
        }
        assertThat(server.requests()).isEmpty();
        assertStillServes(handler);
    }

    @Test
    void aRelativeUrlWithoutABaseUrlIsAValidationError() {
        assertThat(failure(http(), call("http.get", payload("url", "/users"))).getMessage())
                .contains("relative", "base_url");
    }

    @Test
    void anUnsupportedSchemeIsAValidationError() {
        OnexException e = failure(http(), call("http.get", payload("url", "ftp://127.0.0.1/file")));

        assertThat(e.code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(e.getMessage()).contains("'ftp'", "only http and https");
    }

    @Test
    void aMalformedUrlIsAValidationErrorThatDoesNotEchoTheUrl() {
        OnexException e = failure(http(), call("http.get", payload("url", "http://127.0.0.1/a b?token=hunter2")));

        assertThat(e.code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(e.getMessage()).contains("not a valid URL").doesNotContain("hunter2");
    }

    @Test
    void credentialsInTheUrlAreRefusedAndNeverEchoed() {
        OnexException e = failure(http(), call("http.get", payload("url", "http://admin:hunter2@127.0.0.1:"
                + server.port() + "/x?key=abc")));

        assertThat(e.code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(e.getMessage()).contains("credentials", "127.0.0.1").doesNotContain("hunter2", "admin", "abc");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aHeaderTheClientSetsItselfIsAValidationError() {
        OnexException e = failure(http(), call("http.get", payload("url", server.url("/x"),
                "headers", Map.of("Host", "evil.example"))));

        assertThat(e.code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(e.getMessage()).contains("'Host'").doesNotContain("evil.example");
    }

    @Test
    void aHeaderValueWithALineBreakIsAValidationError() {
        OnexException e = failure(http(), call("http.get", payload("url", server.url("/x"),
                "headers", Map.of("X-Evil", "a\r\nInjected: yes"))));

        assertThat(e.code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void malformedHeadersQueryOrBodyAreValidationErrors() {
        HttpHandler handler = http();
        String url = server.url("/x");

        assertThat(failure(handler, call("http.get", payload("url", url, "headers", List.of("a")))).code())
                .isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(failure(handler, call("http.get", payload("url", url, "query", "a=1"))).code())
                .isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(failure(handler, call("http.get", payload("url", url, "query", Map.of("a", Map.of())))).code())
                .isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(failure(handler, call("http.post", payload("url", url, "body", Double.NaN))).code())
                .isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void anOperationTheHandlerDoesNotKnowIsAnInvalidOperation() {
        OnexException e = failure(http(), call("http.head", payload("url", server.url("/x"))));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OPERATION);
        assertThat(e.getMessage()).contains("http.get, http.post, http.put, http.delete, http.patch");
    }

    @Test
    void aBodyLargerThanMaxRequestBytesIsRefusedBeforeAnythingIsSent() {
        OnexException e = failure(http(Map.of("max_request_bytes", 10)), call("http.post",
                payload("url", server.url("/upload"), "body", "eleven byte")));

        assertThat(e.code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(e.getMessage()).contains("11 bytes", "max_request_bytes (10)");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aBodyOfExactlyMaxRequestBytesIsSent() {
        http(Map.of("max_request_bytes", 10)).execute(call("http.post", payload("url", server.url("/upload"),
                "body", "ten bytes!")));

        assertThat(server.requests()).hasSize(1);
    }

    // --- responses too large: HANDLER_EXECUTION_ERROR, the download stopped ---

    @Test
    void anEndlessResponseStopsAtMaxResponseBytesWithAClearErrorAndTheHandlerKeepsServing() {
        server.answer("/endless", HttpReply.endless());
        HttpHandler handler = http(Map.of("max_response_bytes", 1024 * 1024));

        OnexException e = failure(handler, call("http.get", payload("url", server.url("/endless"))));

        assertThat(e.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("response larger than 1048576 bytes");
        assertThat(e.details()).containsEntry("max_response_bytes", 1048576L);
        assertStillServes(handler);
    }

    @Test
    void anEndlessResponseStopsAtTheDefaultLimitToo() {
        server.answer("/endless", HttpReply.endless());

        OnexException e = failure(http(Duration.ofSeconds(30), Map.of()), call("http.get",
                payload("url", server.url("/endless"))));

        assertThat(e.getMessage()).contains("response larger than 10485760 bytes");
    }

    @Test
    void aDeclaredLengthOfTenGigabytesIsRefusedBeforeReadingTheBody() {
        server.answer("/huge", HttpReply.sized(10L * 1024 * 1024 * 1024));
        HttpHandler handler = http();

        long start = System.nanoTime();
        OnexException e = failure(handler, call("http.get", payload("url", server.url("/huge"))));

        assertThat(e.getMessage()).contains("response larger than 10485760 bytes");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertStillServes(handler);
    }

    @Test
    void aResponseOfExactlyMaxResponseBytesIsRead() {
        server.answer("/exact", HttpReply.sized(4096));

        Map<String, Object> response = http(Map.of("max_response_bytes", 4096)).execute(call("http.get",
                payload("url", server.url("/exact"))));

        assertThat((String) response.get("body")).hasSize(4096);
    }

    // --- the network: CONNECTION_ERROR and TIMEOUT, retryable ---

    @Test
    void aRefusedConnectionIsARetryableConnectionError() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        OnexException e = failure(http(), call("http.get", payload("url", "http://127.0.0.1:" + closedPort + "/x")));

        assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION_ERROR);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("http.get http://127.0.0.1:" + closedPort + "/x", "cannot connect");
    }

    @Test
    void aServerThatNeverAnswersIsARetryableTimeoutAfterTheBindingsTimeout() {
        server.answer("/hang", HttpReply.hang());
        HttpHandler handler = http(Duration.ofMillis(300), Map.of());

        long start = System.nanoTime();
        OnexException e = failure(handler, call("http.get", payload("url", server.url("/hang"))));

        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
        assertStillServes(handler);
    }

    @Test
    void aBodyThatStallsAfterTheHeadIsATimeoutToo() {
        server.answer("/stall", HttpReply.stall(200));

        OnexException e = failure(http(Duration.ofMillis(300), Map.of()), call("http.get",
                payload("url", server.url("/stall"))));

        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
    }

    @Test
    void aSlowAnswerWithinTheTimeoutIsAnAnswer() {
        server.answer("/slow", HttpReply.delayed(Duration.ofMillis(100), HttpReply.status(200)));

        assertThat(http(Duration.ofSeconds(5), Map.of()).execute(call("http.get", payload("url", server.url("/slow")))))
                .containsEntry("status_code", 200);
    }

    @Test
    void aConnectThatNeverCompletesIsATimeoutAfterConnectTimeoutMs() throws IOException {
        // A listener that never accepts, with its accept queue filled: Linux then drops further
        // SYNs, so the next connect hangs until the client gives up.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket filler = new Socket();
                    try {
                        filler.connect(full.getLocalSocketAddress(), 200);
                        fillers.add(filler);
                    } catch (IOException queueFull) {
                        filler.close();
                        break;
                    }
                }
                HttpHandler handler = http(Duration.ofSeconds(10), Map.of("connect_timeout_ms", 300));

                long start = System.nanoTime();
                OnexException e = failure(handler, call("http.get", payload("url",
                        "http://127.0.0.1:" + full.getLocalPort() + "/x")));

                assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
                assertThat(e.retryable()).isTrue();
                assertThat(e.getMessage()).contains("connect", "300 ms");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            } finally {
                for (Socket filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    @Test
    void aResetConnectionIsARetryableConnectionError() {
        server.answer("/reset", HttpReply.reset());
        HttpHandler handler = http();

        OnexException e = failure(handler, call("http.post", payload("url", server.url("/reset"), "body", "x")));

        assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION_ERROR);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("http.post", "/reset", "connection failed");
        assertStillServes(handler);
    }

    @Test
    void aConnectionClosedWithoutAnAnswerIsAConnectionError() {
        server.answer("/gone", HttpReply.disconnect());

        assertThat(failure(http(), call("http.get", payload("url", server.url("/gone")))).code())
                .isEqualTo(ErrorCode.CONNECTION_ERROR);
    }

    @Test
    void aConnectionResetWhileTheBodyStreamsIsAConnectionError() throws InterruptedException {
        // The server sends the head and a first chunk, then stalls; the proxy then resets the
        // connection. (A POST, because the JDK client itself retries a GET once after a reset.)
        server.answer("/stall", HttpReply.stall(200));
        HttpHandler handler = http(Duration.ofSeconds(10), Map.of());
        Thread resetter = Thread.ofVirtual().start(() -> {
            server.awaitRequests(1, Duration.ofSeconds(5));
            server.proxy().resetConnections();
        });

        OnexException e = failure(handler, call("http.post", payload("url", server.url("/stall"))));

        assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION_ERROR);
        assertThat(resetter.join(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void aBlackholedConnectionIsATimeout() {
        server.proxy().mode(TcpProxy.Mode.BLACKHOLE);

        assertThat(failure(http(Duration.ofMillis(300), Map.of()), call("http.get",
                payload("url", server.url("/void")))).code()).isEqualTo(ErrorCode.TIMEOUT);
    }

    @Test
    void errorMessagesNeverCarryTheQueryOfTheUrl() {
        server.answer("/down", HttpReply.status(503));

        OnexException e = failure(http(Map.of("fail_on_5xx", true)), call("http.get",
                payload("url", server.url("/down?api_key=hunter2"))));

        assertThat(e.getMessage()).contains("/down?(query omitted)").doesNotContain("hunter2");
    }
}
