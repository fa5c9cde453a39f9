package io.onex.health;

import io.onex.host.api.BusHealth;
import io.onex.host.core.status.BindingStatus;
import io.onex.host.core.status.HostStatus;
import io.onex.host.core.status.NodeStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether the host, or one of its nodes, should get traffic: it runs (not draining), its
 * bus is connected and consuming and has every topic it needs, and the bindings that matter are up
 * and healthy (the binding's own report joined with the host's latest active check of it). For
 * the host those are the required bindings or every node's bindings, as the contract's
 * {@code health.readiness} says; for one node, the bindings it uses. Recovers by itself: every
 * check looks again. Reads the host only through its {@link HostStatus} view.
 */
final class Readiness {

    /** The bus health detail in which a bus may say whether it consumes. */
    static final String CONSUMING_DETAIL = "consuming";
    /** The bus health detail in which a broker-backed bus counts the partitions assigned to it. */
    static final String ASSIGNED_DETAIL = "assigned_partitions";
    /**
     * The bus health detail in which a broker-backed bus lists what keeps it from using its
     * topics: each entry a map with {@code resource}, {@code role}, {@code problem} and {@code fix}.
     */
    static final String TOPIC_PROBLEMS_DETAIL = "topic_problems";

    private Readiness() {
    }

    /**
     * The reasons the host is not ready; empty when it is.
     *
     * @param reasons one entry per failed check: the component and why
     */
    record Verdict(List<Map<String, Object>> reasons) {
        Verdict {
            reasons = List.copyOf(reasons);
        }

        boolean ready() {
            return reasons.isEmpty();
        }
    }

    /**
     * Judges the whole host: it runs, its bus is ready, and, as the contract's
     * {@code health.readiness} says, every required binding is up ({@code bindings}) or every
     * node has what it needs ({@code nodes}).
     */
    static Verdict check(HostStatus host) {
        List<Map<String, Object>> reasons = hostAndBus(host);
        HostStatus.Snapshot snapshot = host.snapshot();
        switch (host.readinessMode()) {
            case BINDINGS -> {
                for (BindingStatus binding : snapshot.bindings()) {
                    if (binding.required() && !binding.up()) {
                        reasons.add(bindingReason(binding, "the required binding is "));
                    }
                }
            }
            case NODES -> {
                for (NodeStatus node : snapshot.nodes()) {
                    if (!node.ready()) {
                        reasons.add(nodeReason(node));
                    }
                }
            }
        }
        return new Verdict(reasons);
    }

    /**
     * Judges one node: the host runs, its bus is ready, and every enabled binding the node uses
     * is up, required or not.
     */
    static Verdict check(HostStatus host, NodeStatus node) {
        List<Map<String, Object>> reasons = hostAndBus(host);
        for (BindingStatus binding : node.down()) {
            reasons.add(bindingReason(binding, "the binding is "));
        }
        return new Verdict(reasons);
    }

    private static List<Map<String, Object>> hostAndBus(HostStatus host) {
        List<Map<String, Object>> reasons = new ArrayList<>();
        if (!host.running()) {
            reasons.add(reason("host", "the host is " + host.state()));
        }
        BusHealth bus = host.bus();
        if (!bus.connected()) {
            reasons.add(reason("bus", "the " + bus.kind() + " bus is not connected"));
        } else if (!consuming(bus)) {
            reasons.add(reason("bus", "the " + bus.kind() + " bus is connected but not consuming (no partitions assigned)"));
        }
        if (bus.details().get(TOPIC_PROBLEMS_DETAIL) instanceof List<?> problems) {
            for (Object problem : problems) {
                if (problem instanceof Map<?, ?> found) {
                    Map<String, Object> reason = reason("bus", found.get("resource") + ": " + found.get("problem"));
                    reason.put("fix", found.get("fix"));
                    reasons.add(reason);
                }
            }
        }
        return reasons;
    }

    /** Says why {@code binding} is not up: its lifecycle state, or its health details. */
    private static Map<String, Object> bindingReason(BindingStatus binding, String prefix) {
        if (!binding.servingState()) {
            return reason("binding:" + binding.name(), prefix + binding.state().name().toLowerCase(java.util.Locale.ROOT));
        }
        Map<String, Object> reason = reason("binding:" + binding.name(), prefix + "unhealthy");
        reason.put("details", binding.health().details());
        return reason;
    }

    /** Says which of the bindings {@code node} uses are down, each with why. */
    private static Map<String, Object> nodeReason(NodeStatus node) {
        List<String> names = node.down().stream().map(BindingStatus::name).toList();
        Map<String, Object> reason = reason("node:" + node.node(), "the node's binding" + (names.size() == 1 ? " " : "s ")
                + String.join(", ", names) + (names.size() == 1 ? " is" : " are") + " down");
        reason.put("bindings", node.down().stream().map(b -> bindingReason(b, "the binding is ")).toList());
        return reason;
    }

    /**
     * Returns whether the bus consumes: not when it says {@code consuming: false}, nor when it
     * counts no assigned partitions. A bus that reports neither (in memory) consumes while connected.
     */
    private static boolean consuming(BusHealth bus) {
        if (Boolean.FALSE.equals(bus.details().get(CONSUMING_DETAIL))) {
            return false;
        }
        return !(bus.details().get(ASSIGNED_DETAIL) instanceof Number assigned) || assigned.longValue() > 0;
    }

    private static Map<String, Object> reason(String component, String why) {
        Map<String, Object> reason = new LinkedHashMap<>();
        reason.put("component", component);
        reason.put("reason", why);
        return reason;
    }
}
