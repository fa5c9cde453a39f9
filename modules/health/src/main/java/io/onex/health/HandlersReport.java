package io.onex.health;

import io.onex.host.api.HandlerHealth;
import io.onex.host.core.resilience.BindingGuardStats;
import io.onex.host.core.status.BindingActivity;
import io.onex.host.core.status.BindingStatus;
import io.onex.host.core.status.HostStatus;
import io.onex.host.core.status.NodeActivity;
import io.onex.host.core.status.NodeStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The body of {@code /health/handlers}: the readiness mode; every binding's lifecycle, health,
 * breaker, last error and latency; every node's counts and readiness (the bindings it uses, which
 * are down); the bus. Holds nothing secret: handler health details are non-secret by the handler
 * contract, and no configuration value is shown. A host started in process reads the same
 * document ({@link #of(HostStatus)}), without the latency its metrics would hold.
 */
public final class HandlersReport {

    private HandlersReport() {
    }

    /** Returns the report of {@code status} with no latency (null): the host has no metrics. */
    public static Map<String, Object> of(HostStatus status) {
        return of(status, null);
    }

    /** Returns the report of {@code status}, each binding's latency read from {@code metrics} (null: none). */
    static Map<String, Object> of(HostStatus status, HostMetrics metrics) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("runtime_id", status.runtimeId());
        report.put("state", status.state());
        report.put("readiness", status.readinessMode().wireName());
        List<Object> bindings = new ArrayList<>();
        status.bindings().forEach(handler -> bindings.add(binding(handler, metrics)));
        report.put("bindings", bindings);
        List<Object> nodes = new ArrayList<>();
        HostStatus.Snapshot snapshot = status.snapshot();
        for (NodeActivity stats : status.nodeActivity()) {
            Map<String, Object> node = node(stats);
            snapshot.node(stats.node()).ifPresent(needs -> readiness(node, needs));
            nodes.add(node);
        }
        report.put("nodes", nodes);
        report.put("unrouted", node(status.unrouted()));
        report.put("bus", BusReport.of(status));
        status.reports().forEach((name, section) -> report.put(name, section.get()));
        return report;
    }

    private static Map<String, Object> binding(BindingActivity handler, HostMetrics metrics) {
        Map<String, Object> binding = new LinkedHashMap<>();
        binding.put("name", handler.name());
        binding.put("handler_type", handler.type());
        binding.put("required", handler.required());
        binding.put("state", lower(handler.state()));
        HandlerHealth health = handler.health();
        binding.put("healthy", health.healthy());
        binding.put("health", health.details());
        BindingGuardStats guard = handler.guard();
        binding.put("breaker", guard.breaker().map(HandlersReport::lower).orElse(null));
        binding.put("last_error", handler.lastError().map(Enum::name).orElse(null));
        binding.put("calls", handler.calls());
        binding.put("failures", handler.failures());
        binding.put("retries", guard.retries());
        binding.put("timeouts", guard.timeouts());
        Map<String, Object> rejections = new LinkedHashMap<>();
        rejections.put("circuit_open", guard.circuitOpenRejections());
        rejections.put("rate_limited", guard.rateLimitedRejections());
        rejections.put("overloaded", guard.bulkheadRejections());
        binding.put("rejections", rejections);
        binding.put("latency", metrics == null ? null : metrics.latency(handler.name()).map(l -> {
            Map<String, Object> latency = new LinkedHashMap<>();
            latency.put("count", l.count());
            latency.put("mean_ms", round(l.meanMillis()));
            latency.put("max_ms", round(l.maxMillis()));
            return latency;
        }).orElse(null));
        return binding;
    }

    private static Map<String, Object> node(NodeActivity stats) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("node", stats.node());
        node.put("in_flight", stats.inFlight());
        node.put("received", stats.received());
        node.put("answered", stats.answered());
        node.put("failed", stats.failed());
        return node;
    }

    /** Adds whether the node is ready, the bindings it uses, and which of them are down or disabled. */
    private static void readiness(Map<String, Object> node, NodeStatus needs) {
        node.put("ready", needs.ready());
        node.put("bindings", needs.bindings());
        node.put("down", needs.down().stream().map(BindingStatus::name).toList());
        node.put("disabled", needs.disabled());
    }

    private static double round(double millis) {
        return Math.round(millis * 1000) / 1000.0;
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
