package io.onex.health;

import io.onex.host.api.BusHealth;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.HandlerState;
import io.onex.host.core.runtime.ManagedHandler;
import io.onex.host.core.runtime.RuntimeHostProcess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether the host should get traffic: it runs (not draining), its bus is connected and
 * consuming and has every topic it needs, and every required binding is up and healthy (the
 * binding's own report joined with the host's latest active check of it). Recovers by itself:
 * every check looks again.
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

    static Verdict check(RuntimeHostProcess host) {
        List<Map<String, Object>> reasons = new ArrayList<>();
        RuntimeHostProcess.State state = host.state();
        if (state != RuntimeHostProcess.State.RUNNING) {
            reasons.add(reason("host", "the host is " + state.name().toLowerCase(java.util.Locale.ROOT)));
        }
        BusHealth bus = host.bus().health();
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
        for (ManagedHandler handler : host.handlers()) {
            if (!handler.binding().required()) {
                continue;
            }
            HandlerState handlerState = handler.state();
            if (handlerState != HandlerState.HEALTHY && handlerState != HandlerState.EXECUTING) {
                reasons.add(reason("binding:" + handler.name(), "the required binding is "
                        + handlerState.name().toLowerCase(java.util.Locale.ROOT)));
                continue;
            }
            HandlerHealth health = handler.health();
            if (!health.healthy()) {
                Map<String, Object> reason = reason("binding:" + handler.name(), "the required binding is unhealthy");
                reason.put("details", health.details());
                reasons.add(reason);
            }
        }
        return new Verdict(reasons);
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
