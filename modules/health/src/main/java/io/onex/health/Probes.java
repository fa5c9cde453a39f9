package io.onex.health;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.onex.host.api.ErrorCode;
import io.onex.host.core.status.HostStatus;
import io.onex.host.core.status.NodeStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The read-only endpoints of the health server: {@code /health/live}, {@code /health/ready} (of
 * the host, or of one node with {@code ?node=NAME}), {@code /health/handlers} and
 * {@code /metrics}. They read the host through its status view and the metrics, and change
 * nothing.
 */
final class Probes {

    /** The content type of Prometheus text format 0.0.4. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** The query parameter of {@code /health/ready} that asks about one node. */
    static final String NODE_PARAMETER = "node";
    /** How much of an unknown node name a 404 echoes. */
    private static final int MAX_NODE_NAME_SHOWN = 100;

    private final HostStatus status;
    private final HostMetrics metrics;
    private final Liveness liveness;

    Probes(HostStatus status, HostMetrics metrics, Liveness liveness) {
        this.status = status;
        this.metrics = metrics;
        this.liveness = liveness;
    }

    void live(ServerRequest req, ServerResponse res) {
        Liveness.Verdict verdict = liveness.check();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", verdict.live() ? "live" : "stuck");
        if (!verdict.live()) {
            body.put("reason", "work has waited " + Duration.ofNanos(verdict.stalledNanos()).toSeconds()
                    + " s with no envelope answered");
        }
        Replies.json(res, verdict.live() ? 200 : 503, body);
    }

    void ready(ServerRequest req, ServerResponse res) {
        if (req.query().contains(NODE_PARAMETER)) {
            nodeReady(req.query().first(NODE_PARAMETER).orElse(""), res);
            return;
        }
        Readiness.Verdict verdict = Readiness.check(status);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", verdict.ready() ? "ready" : "not_ready");
        body.put("state", status.state());
        if (!verdict.ready()) {
            body.put("reasons", verdict.reasons());
        }
        Replies.json(res, verdict.ready() ? 200 : 503, body);
    }

    /** Answers {@code /health/ready?node=NAME}: 200 or 503 for a hosted node, 404 for any other name. */
    private void nodeReady(String name, ServerResponse res) {
        Optional<NodeStatus> node = status.snapshot().node(name);
        Map<String, Object> body = new LinkedHashMap<>();
        if (node.isEmpty()) {
            // The name is echoed (JSON-escaped, and cut short) so a typo is easy to see.
            String shown = name.length() > MAX_NODE_NAME_SHOWN ? name.substring(0, MAX_NODE_NAME_SHOWN) + "…" : name;
            body.put("status", "unknown_node");
            body.put("node", shown);
            body.put("error", Map.of("code", ErrorCode.NODE_NOT_FOUND.name(), "message", name.isEmpty()
                    ? "the node parameter is empty; name a hosted node: " + String.join(", ", status.nodeSlugs())
                    : "no node '" + shown + "' is hosted here; hosted nodes: "
                            + String.join(", ", status.nodeSlugs())));
            Replies.json(res, 404, body);
            return;
        }
        Readiness.Verdict verdict = Readiness.check(status, node.get());
        body.put("status", verdict.ready() ? "ready" : "not_ready");
        body.put("node", name);
        body.put("state", status.state());
        if (!verdict.ready()) {
            body.put("reasons", verdict.reasons());
        }
        Replies.json(res, verdict.ready() ? 200 : 503, body);
    }

    void handlers(ServerRequest req, ServerResponse res) {
        Replies.json(res, 200, HandlersReport.of(status, metrics));
    }

    void metrics(ServerRequest req, ServerResponse res) {
        Replies.send(res, 200, PROMETHEUS_TEXT, metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }
}
