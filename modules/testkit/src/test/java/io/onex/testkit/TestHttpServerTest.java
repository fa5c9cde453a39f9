package io.onex.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TestHttpServerTest {

    private final TestHttpServer server = TestHttpServer.start();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    private HttpResponse<String> get(String path, Duration timeout) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(server.url(path))).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(path, Duration.ofSeconds(10));
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
        assertThat(server.proxy().address().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void answersAScriptedPathWithItsStatusHeadersAndBody() throws Exception {
        server.answer("/users", HttpReply.json(201, "{\"id\":7}").withHeader("X-Trace", "abc"));

        HttpResponse<String> response = get("/users");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        assertThat(response.headers().firstValue("x-trace")).contains("abc");
        assertThat(response.body()).isEqualTo("{\"id\":7}");
    }

    @Test
    void sendsEveryValueOfARepeatedHeader() throws Exception {
        server.answer("/multi", HttpReply.status(200).withHeader("X-Tag", "a").withHeader("X-Tag", "b"));

        assertThat(get("/multi").headers().allValues("x-tag")).containsExactly("a", "b");
    }

    @Test
    void aStalledAnswerSendsItsHeadThenNothingMore() throws Exception {
        server.answer("/stall", HttpReply.stall(200));

        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create(server.url("/stall")))
                .build(), HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        try (InputStream body = response.body()) {
            assertThat(body.readNBytes(1024)).hasSize(1024);
        }
    }

    @Test
    void answersUnscriptedRequestsWith404UntilToldOtherwise() throws Exception {
        assertThat(get("/nowhere").statusCode()).isEqualTo(404);

        server.answerOtherwise(HttpReply.status(503));

        assertThat(get("/nowhere").statusCode()).isEqualTo(503);
    }

    @Test
    void aMethodScriptTakesPrecedenceOverAnyMethodScript() throws Exception {
        server.answer("/x", HttpReply.status(200)).answer("DELETE", "/x", HttpReply.status(204));

        HttpResponse<String> deleted = client.send(HttpRequest.newBuilder(URI.create(server.url("/x"))).DELETE()
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(get("/x").statusCode()).isEqualTo(200);
    }

    @Test
    void repliesInScriptOrderAndRepeatsTheLast() throws Exception {
        server.answer("/flaky", HttpReply.status(503), HttpReply.status(502), HttpReply.status(200));

        List<Integer> statuses = List.of(get("/flaky").statusCode(), get("/flaky").statusCode(),
                get("/flaky").statusCode(), get("/flaky").statusCode());

        assertThat(statuses).containsExactly(503, 502, 200, 200);
    }

    @Test
    void recordsEveryRequestWithMethodPathQueryHeadersBodyAndArrival() throws Exception {
        Instant now = Instant.parse("2026-01-02T03:04:05Z");
        try (TestHttpServer stamped = TestHttpServer.start(Clock.fixed(now, ZoneOffset.UTC))) {
            client.send(HttpRequest.newBuilder(URI.create(stamped.url("/orders?a=1&b=x%20y&a=2")))
                    .header("X-Request", "r1")
                    .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.discarding());

            HttpRecordedRequest request = stamped.awaitRequests(1, Duration.ofSeconds(5)).getFirst();

            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/orders");
            assertThat(request.rawQuery()).isEqualTo("a=1&b=x%20y&a=2");
            assertThat(request.queryParameters()).isEqualTo(Map.of("a", List.of("1", "2"), "b", List.of("x y")));
            assertThat(request.header("x-REQUEST")).contains("r1");
            assertThat(request.headers()).containsKey("x-request");
            assertThat(request.bodyText()).isEqualTo("hello");
            assertThat(request.arrivedAt()).isEqualTo(now);
        }
    }

    @Test
    void waitingForRequestsThatNeverCameFailsWithinTheTimeout() {
        assertThatThrownBy(() -> server.awaitRequests(1, Duration.ofMillis(50)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("expected 1 requests");
    }

    @Test
    void delaysAnAnswer() throws Exception {
        server.answer("/slow", HttpReply.delayed(Duration.ofMillis(300), HttpReply.status(200)));

        long start = System.nanoTime();
        HttpResponse<String> response = get("/slow");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aHangingAnswerNeverComesSoTheClientTimesOut() {
        server.answer("/hang", HttpReply.hang());

        assertThatThrownBy(() -> get("/hang", Duration.ofMillis(300))).isInstanceOf(HttpTimeoutException.class);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void closingReleasesHeldRequestsPromptly() throws InterruptedException {
        server.answer("/hang", HttpReply.hang());
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                get("/hang", Duration.ofMinutes(1));
            } catch (IOException | InterruptedException e) {
                // the server went away: expected
            }
        });
        server.awaitRequests(1, Duration.ofSeconds(5));

        long start = System.nanoTime();
        server.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(caller.join(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void resetsTheConnectionWithoutAnswering() {
        server.answer("/reset", HttpReply.reset());

        assertThatThrownBy(() -> get("/reset")).isInstanceOf(IOException.class);
        // The JDK client retries an idempotent request once on a fresh connection after a reset.
        assertThat(server.requests()).isNotEmpty().extracting(HttpRecordedRequest::path).containsOnly("/reset");
    }

    @Test
    void closesTheConnectionWithoutAnswering() {
        server.answer("/gone", HttpReply.disconnect());

        assertThatThrownBy(() -> get("/gone")).isInstanceOf(IOException.class);
    }

    @Test
    void theServerKeepsAnsweringAfterResettingAConnection() throws Exception {
        server.answer("/reset", HttpReply.reset()).answer("/ok", HttpReply.status(200));

        assertThatThrownBy(() -> get("/reset")).isInstanceOf(IOException.class);

        assertThat(get("/ok").statusCode()).isEqualTo(200);
    }

    @Test
    void streamsABodyThatNeverEndsUntilTheClientStopsReading() throws Exception {
        server.answer("/endless", HttpReply.endless());

        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create(server.url("/endless")))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            byte[] read = body.readNBytes(5 * 1024 * 1024);
            assertThat(read).hasSize(5 * 1024 * 1024);
        }

        server.answer("/ok", HttpReply.status(200));
        assertThat(get("/ok").statusCode()).isEqualTo(200);
    }

    @Test
    void declaresAndStreamsASizedBody() throws Exception {
        server.answer("/sized", HttpReply.sized(100_000));

        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(server.url("/sized"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.headers().firstValueAsLong("content-length")).hasValue(100_000);
        assertThat(response.body()).hasSize(100_000);
    }

    @Test
    void clearForgetsScriptsAndRequests() throws Exception {
        server.answer("/a", HttpReply.status(200));
        get("/a");

        server.clear();

        assertThat(server.requests()).isEmpty();
        assertThat(get("/a").statusCode()).isEqualTo(404);
    }
}
