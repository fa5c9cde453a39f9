package io.onex.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.contract.ReadinessMode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Readiness scoped to what nodes use: {@code /health/ready?node=NAME}, the nodes' readiness in
 * {@code /health/handlers}, and the two meanings of the host's own readiness. The host of
 * {@link TestHost}: node {@code echo} uses the required binding {@code local}, {@code store} the
 * required {@code db}, {@code memo} the optional {@code cache}.
 */
class NodeReadinessTest extends TestHostFixture {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> node(Map<String, Object> handlers, String slug) {
        return ((List<Map<String, Object>>) handlers.get("nodes")).stream()
                .filter(node -> slug.equals(node.get("node"))).findFirst().orElseThrow();
    }

    @Test
    void aNodeIsNotReadyWhileABindingItUsesIsDownAndOtherNodesStayReady() {
        test = TestHost.start();

        test.db.healthy = false;
        HttpResponse<String> store = test.get("/health/ready?node=store");
        HttpResponse<String> echo = test.get("/health/ready?node=echo");
        test.db.healthy = true;
        HttpResponse<String> back = test.get("/health/ready?node=store");

        assertThat(store.statusCode()).isEqualTo(503);
        Map<String, Object> body = json(store);
        assertThat(body).containsEntry("status", "not_ready").containsEntry("node", "store");
        assertThat(body.get("reasons")).isEqualTo(List.of(Map.of("component", "binding:db",
                "reason", "the binding is unhealthy", "details", Map.of("pool", "connection refused"))));
        assertThat(echo.statusCode()).isEqualTo(200);
        assertThat(json(echo)).containsEntry("status", "ready").containsEntry("node", "echo")
                .containsEntry("state", "running");
        assertThat(back.statusCode()).isEqualTo(200);
    }

    @Test
    void anOptionalBindingMakesItsNodeUnreadyButNotTheHostWhenReadinessAsksForRequiredBindings() {
        test = TestHost.start();

        test.cache.healthy = false;

        assertThat(test.get("/health/ready?node=memo").statusCode()).isEqualTo(503);
        assertThat(test.get("/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void whenReadinessAsksForNodesTheHostIsNotReadyWhileAnyNodeLacksABindingRequiredOrNot() {
        test = TestHost.start(ReadinessMode.NODES);
        assertThat(test.get("/health/ready").statusCode()).isEqualTo(200);

        test.cache.healthy = false;
        HttpResponse<String> down = test.get("/health/ready");
        test.cache.healthy = true;

        assertThat(down.statusCode()).isEqualTo(503);
        Map<String, Object> body = json(down);
        assertThat(body).containsEntry("status", "not_ready");
        assertThat(body.get("reasons")).isEqualTo(List.of(Map.of("component", "node:memo",
                "reason", "the node's binding cache is down", "bindings", List.of(Map.of(
                        "component", "binding:cache", "reason", "the binding is unhealthy",
                        "details", Map.of("pool", "connection refused"))))));
        assertThat(test.get("/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownNodeIs404WithABodyNamingItAndTheHostedNodes() {
        test = TestHost.start();

        HttpResponse<String> unknown = test.get("/health/ready?node=stor");
        HttpResponse<String> empty = test.get("/health/ready?node=");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown)).containsEntry("status", "unknown_node").containsEntry("node", "stor")
                .containsEntry("error", Map.of("code", "NODE_NOT_FOUND",
                        "message", "no node 'stor' is hosted here; hosted nodes: echo, store, memo"));
        assertThat(empty.statusCode()).isEqualTo(404);
        assertThat(empty.body()).contains("the node parameter is empty; name a hosted node: echo, store, memo");
    }

    @Test
    void aVeryLongUnknownNodeNameIsCutShortInTheAnswer() {
        test = TestHost.start();

        HttpResponse<String> unknown = test.get("/health/ready?node=" + "x".repeat(1_000));

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat((String) json(unknown).get("node")).hasSize(101).endsWith("…");
    }

    @Test
    void theHandlersReportSaysWhichNodesAreReadyAndWhichOfTheirBindingsAreDown() {
        test = TestHost.start();

        test.db.healthy = false;
        Map<String, Object> handlers = json(test.get("/health/handlers"));

        assertThat(handlers).containsEntry("readiness", "bindings");
        assertThat(node(handlers, "store")).containsEntry("ready", false).containsEntry("bindings", List.of("db"))
                .containsEntry("down", List.of("db")).containsEntry("disabled", List.of())
                .containsEntry("received", 0);
        assertThat(node(handlers, "echo")).containsEntry("ready", true).containsEntry("bindings", List.of("local"))
                .containsEntry("down", List.of());
    }
}
