package io.onex.handler.http;

import static io.onex.handler.http.HttpCalls.call;
import static io.onex.handler.http.HttpCalls.handler;
import static io.onex.handler.http.HttpCalls.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.OnexException;
import io.onex.host.api.contract.SecretRef;
import io.onex.testkit.HttpRecordedRequest;
import io.onex.testkit.HttpReply;
import io.onex.testkit.TestHttpServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the handler follows redirects: policy, method and body, credentials, targets, limits. */
class HttpHandlerRedirectsTest {

    private final TestHttpServer server = TestHttpServer.start();
    private final TestHttpServer elsewhere = TestHttpServer.start();
    private final List<HttpHandler> handlers = new ArrayList<>();

    @AfterEach
    void close() {
        handlers.forEach(HttpHandler::shutdown);
        server.close();
        elsewhere.close();
    }

    private HttpHandler http(Map<String, Object> config) {
        HttpHandler handler = handler(config);
        handlers.add(handler);
        return handler;
    }

    @Test
    void followsARedirectByDefault() {
        server.answer("/old", HttpReply.redirect(302, "/new"));
        server.answer("/new", HttpReply.json(200, "{\"moved\":true}"));

        Map<String, Object> response = http(Map.of()).execute(call("http.get", payload("url", server.url("/old"))));

        assertThat(response).containsEntry("status_code", 200).containsEntry("body", Map.of("moved", true));
        assertThat(server.requests()).extracting(HttpRecordedRequest::path).containsExactly("/old", "/new");
    }

    @Test
    void neverAnswersWithTheRedirectItself() {
        server.answer("/old", HttpReply.redirect(301, "/new"));

        Map<String, Object> response = http(Map.of("follow_redirects", "never")).execute(call("http.get",
                payload("url", server.url("/old"))));

        assertThat(response).containsEntry("status_code", 301);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aSeeOtherTurnsAPostIntoAGetWithoutBody() {
        server.answer("/orders", HttpReply.redirect(303, "/orders/1"));

        http(Map.of()).execute(call("http.post", payload("url", server.url("/orders"), "body", Map.of("n", 1))));

        HttpRecordedRequest followed = server.requests().get(1);
        assertThat(followed.method()).isEqualTo("GET");
        assertThat(followed.body()).isEmpty();
        assertThat(followed.header("content-type")).isEmpty();
    }

    @Test
    void aTemporaryRedirectRepeatsTheMethodAndTheBody() {
        server.answer("/orders", HttpReply.redirect(307, "/v2/orders"));

        http(Map.of()).execute(call("http.put", payload("url", server.url("/orders"), "body", Map.of("n", 1))));

        HttpRecordedRequest followed = server.requests().get(1);
        assertThat(followed.method()).isEqualTo("PUT");
        assertThat(followed.bodyText()).isEqualTo("{\"n\":1}");
        assertThat(followed.header("content-type")).contains("application/json");
    }

    @Test
    void credentialsAreNotCarriedToAnotherOrigin() {
        server.answer("/start", HttpReply.redirect(302, elsewhere.url("/landing")));
        HttpHandler handler = http(Map.of("default_headers", Map.of("X-Api-Key", new SecretRef("env:API_KEY"),
                "X-Client", "onex")));

        handler.execute(call("http.get", payload("url", server.url("/start"),
                "headers", Map.of("Authorization", "Basic abc", "X-Trace", "t1"))));

        HttpRecordedRequest there = elsewhere.requests().getFirst();
        assertThat(there.header("authorization")).isEmpty();
        assertThat(there.header("x-api-key")).isEmpty();
        assertThat(there.header("x-client")).contains("onex");
        assertThat(there.header("x-trace")).contains("t1");
    }

    @Test
    void credentialsStayOnARedirectWithinTheOrigin() {
        server.answer("/start", HttpReply.redirect(302, "/next"));

        http(Map.of("default_headers", Map.of("X-Api-Key", new SecretRef("env:API_KEY")))).execute(call("http.get",
                payload("url", server.url("/start"))));

        assertThat(server.requests().get(1).header("x-api-key")).contains("k3y-value");
    }

    @Test
    void aRedirectOutsideTheNodesTargetsIsNotAllowed() {
        server.answer("/start", HttpReply.redirect(302, elsewhere.url("/steal")));

        assertThatThrownBy(() -> http(Map.of()).execute(call("http.get", payload("url", server.url("/start")),
                List.of(server.url("/")))))
                .isInstanceOfSatisfying(OnexException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
                    assertThat(e.getMessage()).contains(elsewhere.url("/steal"));
                });
        assertThat(elsewhere.requests()).isEmpty();
    }

    @Test
    void moreThanFiveRedirectsFailTheCall() {
        server.answer("/loop", HttpReply.redirect(302, "/loop"));

        assertThatThrownBy(() -> http(Map.of()).execute(call("http.get", payload("url", server.url("/loop")))))
                .isInstanceOfSatisfying(OnexException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
                    assertThat(e.getMessage()).contains("more than 5 redirects");
                });
        assertThat(server.requests()).hasSize(6);
    }

    @Test
    void aRedirectWithoutLocationIsTheAnswer() {
        server.answer("/odd", HttpReply.status(302));

        assertThat(http(Map.of()).execute(call("http.get", payload("url", server.url("/odd")))))
                .containsEntry("status_code", 302);
    }

    @Test
    void aRedirectToAnotherSchemeFailsTheCall() {
        server.answer("/ftp", HttpReply.redirect(302, "ftp://127.0.0.1/file"));

        assertThatThrownBy(() -> http(Map.of()).execute(call("http.get", payload("url", server.url("/ftp")))))
                .isInstanceOfSatisfying(OnexException.class, e ->
                        assertThat(e.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR));
    }

    @Test
    void theNormalPolicyRefusesADowngradeFromHttpsToHttpAndAlwaysFollowsIt() {
        URI secure = URI.create("https://api.example.com/a");
        URI plain = URI.create("http://api.example.com/b");

        assertThat(RedirectPolicy.NORMAL.follows(secure, plain)).isFalse();
        assertThat(RedirectPolicy.NORMAL.follows(plain, secure)).isTrue();
        assertThat(RedirectPolicy.ALWAYS.follows(secure, plain)).isTrue();
        assertThat(RedirectPolicy.NEVER.follows(plain, plain)).isFalse();
    }
}
