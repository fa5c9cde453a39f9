package io.onex.handler.http;

import static io.onex.handler.http.HttpCalls.call;
import static io.onex.handler.http.HttpCalls.handler;
import static io.onex.handler.http.HttpCalls.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.host.api.OnexException;
import io.onex.host.api.contract.SecretRef;
import io.onex.testkit.HttpRecordedRequest;
import io.onex.testkit.HttpReply;
import io.onex.testkit.TestHttpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The handler's operations and payloads, against a real HTTP server. */
class HttpHandlerTest {

    private final TestHttpServer server = TestHttpServer.start();
    private final List<HttpHandler> handlers = new ArrayList<>();

    @AfterEach
    void close() {
        handlers.forEach(HttpHandler::shutdown);
        server.close();
    }

    private HttpHandler http(Map<String, Object> config) {
        HttpHandler handler = handler(config);
        handlers.add(handler);
        return handler;
    }

    private HttpHandler http() {
        return http(Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> headersOf(Map<String, Object> response) {
        return (Map<String, Object>) response.get("headers");
    }

    private HttpRecordedRequest onlyRequest() {
        List<HttpRecordedRequest> requests = server.requests();
        assertThat(requests).hasSize(1);
        return requests.getFirst();
    }

    @Test
    void getAnswersWithTheStatusTheHeadersAndTheParsedJsonBody() {
        server.answer("/users/7", HttpReply.json(200, "{\"id\":7,\"tags\":[\"a\"],\"score\":1.5}"));

        Map<String, Object> response = http().execute(call("http.get", payload("url", server.url("/users/7"))));

        assertThat(response).containsEntry("status_code", 200);
        assertThat(response.get("body")).isEqualTo(Map.of("id", 7, "tags", List.of("a"), "score",
                new java.math.BigDecimal("1.5")));
        assertThat(headersOf(response)).containsEntry("content-type", "application/json");
        assertThat(onlyRequest().method()).isEqualTo("GET");
    }

    @ParameterizedTest
    @CsvSource({"http.get, GET", "http.post, POST", "http.put, PUT", "http.delete, DELETE", "http.patch, PATCH"})
    void eachOperationSendsItsMethod(String operation, String method) {
        server.answer("/thing", HttpReply.status(204));

        Map<String, Object> response = http().execute(call(operation, payload("url", server.url("/thing"))));

        assertThat(response).containsEntry("status_code", 204).containsEntry("body", null);
        assertThat(onlyRequest().method()).isEqualTo(method);
    }

    @ParameterizedTest
    @CsvSource({"http.post, POST", "http.put, PUT", "http.patch, PATCH", "http.delete, DELETE"})
    void anObjectBodyIsSentAsJson(String operation, String method) {
        server.answer("/users", HttpReply.json(201, "{\"id\":1}"));

        Map<String, Object> response = http().execute(call(operation, payload("url", server.url("/users"),
                "body", Map.of("name", "Ada", "admin", false))));

        assertThat(response).containsEntry("status_code", 201).containsEntry("body", Map.of("id", 1));
        HttpRecordedRequest request = onlyRequest();
        assertThat(request.method()).isEqualTo(method);
        assertThat(request.header("content-type")).contains("application/json");
        assertThat(io.onex.host.core.json.Json.read(request.bodyText())).isEqualTo(Map.of("name", "Ada", "admin", false));
    }

    @Test
    void anArrayBodyIsSentAsJson() {
        http().execute(call("http.post", payload("url", server.url("/batch"), "body", List.of(1, "two"))));

        assertThat(onlyRequest().bodyText()).isEqualTo("[1,\"two\"]");
        assertThat(onlyRequest().header("content-type")).contains("application/json");
    }

    @Test
    void aStringBodyIsSentAsUtf8PlainText() {
        http().execute(call("http.post", payload("url", server.url("/notes"), "body", "grüße")));

        assertThat(onlyRequest().bodyText()).isEqualTo("grüße");
        assertThat(onlyRequest().header("content-type")).contains("text/plain; charset=utf-8");
    }

    @Test
    void aContentTypeHeaderDecidesHowAStringBodyIsLabelled() {
        http().execute(call("http.post", payload("url", server.url("/form"), "body", "a=1&b=2",
                "headers", Map.of("content-TYPE", "application/x-www-form-urlencoded"))));

        HttpRecordedRequest request = onlyRequest();
        assertThat(request.bodyText()).isEqualTo("a=1&b=2");
        assertThat(request.headers().get("content-type")).containsExactly("application/x-www-form-urlencoded");
    }

    @Test
    void aRequestWithoutABodySendsNone() {
        http().execute(call("http.post", payload("url", server.url("/ping"))));

        assertThat(onlyRequest().body()).isEmpty();
        assertThat(onlyRequest().header("content-type")).isEmpty();
    }

    @Test
    void queryParametersFromAnObjectArePercentEncodedAndAppended() {
        http().execute(call("http.get", payload("url", server.url("/search?fixed=1"),
                "query", payload("q", "a b&c=d/é", "page", 2, "tag", List.of("x", "y")))));

        HttpRecordedRequest request = onlyRequest();
        assertThat(request.rawQuery()).isEqualTo("fixed=1&q=a%20b%26c%3Dd%2F%C3%A9&page=2&tag=x&tag=y");
        assertThat(request.queryParameters()).containsEntry("q", List.of("a b&c=d/é"))
                .containsEntry("tag", List.of("x", "y"));
    }

    @Test
    void queryParametersFromAListOfNameValueStringsKeepTheirOrder() {
        http().execute(call("http.get", payload("url", server.url("/search"), "query", List.of("b=2", "a=1", "flag"))));

        assertThat(onlyRequest().rawQuery()).isEqualTo("b=2&a=1&flag");
    }

    @Test
    void requestHeadersAreSent() {
        http().execute(call("http.get", payload("url", server.url("/h"), "headers", Map.of("X-Request-Id", "r-1",
                "X-Count", 3))));

        assertThat(onlyRequest().header("x-request-id")).contains("r-1");
        assertThat(onlyRequest().header("x-count")).contains("3");
    }

    @Test
    void defaultHeadersAreSentWithEveryRequestAndResolveSecretReferences() {
        HttpHandler handler = http(Map.of("default_headers", Map.of("Authorization", new SecretRef("env:API_TOKEN"),
                "X-Client", "onex")));

        handler.execute(call("http.get", payload("url", server.url("/a"))));
        handler.execute(call("http.get", payload("url", server.url("/b"))));

        assertThat(server.requests()).allSatisfy(request -> {
            assertThat(request.header("authorization")).contains("Bearer s3cr3t-t0ken");
            assertThat(request.header("x-client")).contains("onex");
        });
    }

    @Test
    void aRequestHeaderOverridesADefaultHeaderWhateverItsCase() {
        http(Map.of("default_headers", Map.of("X-Client", "onex"))).execute(call("http.get",
                payload("url", server.url("/a"), "headers", Map.of("x-client", "mine"))));

        assertThat(onlyRequest().headers().get("x-client")).containsExactly("mine");
    }

    @Test
    void aRelativeUrlIsAppendedToTheBaseUrlsPath() {
        HttpHandler handler = http(Map.of("base_url", server.url("/api/v1/")));

        handler.execute(call("http.get", payload("url", "users/1")));
        handler.execute(call("http.get", payload("url", "/users/2?x=1")));

        assertThat(server.requests()).extracting(r -> r.path() + "?" + r.rawQuery())
                .containsExactly("/api/v1/users/1?", "/api/v1/users/2?x=1");
    }

    @Test
    void anAbsoluteUrlIgnoresTheBaseUrl() {
        try (TestHttpServer other = TestHttpServer.start()) {
            http(Map.of("base_url", server.url("/api"))).execute(call("http.get", payload("url", other.url("/x"))));

            assertThat(other.requests()).hasSize(1);
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void aFragmentIsNotSent() {
        http().execute(call("http.get", payload("url", server.url("/page#section"), "query", Map.of("a", "1"))));

        assertThat(onlyRequest().path()).isEqualTo("/page");
        assertThat(onlyRequest().rawQuery()).isEqualTo("a=1");
    }

    @Test
    void aNon2xxAnswerIsAResponseNotAnError() {
        server.answer("/missing", HttpReply.json(404, "{\"error\":\"no such user\"}"));
        server.answer("/broken", HttpReply.text(500, "oops"));
        HttpHandler handler = http();

        assertThat(handler.execute(call("http.get", payload("url", server.url("/missing")))))
                .containsEntry("status_code", 404).containsEntry("body", Map.of("error", "no such user"));
        assertThat(handler.execute(call("http.get", payload("url", server.url("/broken")))))
                .containsEntry("status_code", 500).containsEntry("body", "oops");
    }

    @Test
    void failOn5xxTurnsA5xxAnswerIntoARetryableServiceUnavailableThatKeepsTheStatusCode() {
        server.answer("/down", HttpReply.text(503, "maintenance"));

        assertThatThrownBy(() -> http(Map.of("fail_on_5xx", true)).execute(call("http.get",
                payload("url", server.url("/down")))))
                .isInstanceOfSatisfying(OnexException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.details()).containsEntry("status_code", 503);
                    assertThat(e.getMessage()).contains("503", "/down");
                });
    }

    @Test
    void failOn5xxLeaves4xxAnswersAsResponses() {
        server.answer("/nope", HttpReply.status(422));

        assertThat(http(Map.of("fail_on_5xx", true)).execute(call("http.get", payload("url", server.url("/nope")))))
                .containsEntry("status_code", 422);
    }

    @Test
    void responseHeadersAreKeyedByLowercaseNameWithRepeatedValuesJoined() {
        server.answer("/h", HttpReply.status(200).withHeader("X-Tag", "a").withHeader("X-Tag", "b")
                .withHeader("ETag", "\"v1\""));

        Map<String, Object> response = http().execute(call("http.get", payload("url", server.url("/h"))));

        assertThat(headersOf(response)).containsEntry("x-tag", "a, b").containsEntry("etag", "\"v1\"");
    }

    @Test
    void aJsonSuffixContentTypeIsParsed() {
        server.answer("/problem", HttpReply.of(400, Map.of("Content-Type", "application/problem+json; charset=utf-8"),
                "{\"title\":\"bad\"}".getBytes(StandardCharsets.UTF_8)));

        assertThat(http().execute(call("http.get", payload("url", server.url("/problem")))))
                .containsEntry("body", Map.of("title", "bad"));
    }

    @Test
    void aDeclaredJsonBodyThatDoesNotParseIsReturnedAsText() {
        server.answer("/liar", HttpReply.json(200, "{not json"));

        assertThat(http().execute(call("http.get", payload("url", server.url("/liar"))))).containsEntry("body", "{not json");
    }

    @Test
    void aTextBodyIsDecodedInItsDeclaredCharset() {
        server.answer("/latin", HttpReply.of(200, Map.of("Content-Type", "text/plain; charset=ISO-8859-1"),
                "café".getBytes(StandardCharsets.ISO_8859_1)));

        assertThat(http().execute(call("http.get", payload("url", server.url("/latin"))))).containsEntry("body", "café");
    }

    @Test
    void anEmptyBodyIsNull() {
        server.answer("/empty", HttpReply.status(200));

        assertThat(http().execute(call("http.get", payload("url", server.url("/empty"))))).containsEntry("body", null);
    }

    @Test
    void servesManyCallsAtOnceOnOneClient() throws InterruptedException {
        server.answer("/n", HttpReply.json(200, "{\"ok\":true}"));
        HttpHandler handler = http();
        List<Thread> callers = new ArrayList<>();
        java.util.Queue<Object> results = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int i = 0; i < 50; i++) {
            callers.add(Thread.ofVirtual().start(() -> results.add(
                    handler.execute(call("http.get", payload("url", server.url("/n")))).get("status_code"))));
        }
        for (Thread caller : callers) {
            assertThat(caller.join(Duration.ofSeconds(10))).isTrue();
        }

        assertThat(results).hasSize(50).containsOnly(200);
    }
}
