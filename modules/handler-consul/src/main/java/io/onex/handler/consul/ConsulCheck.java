package io.onex.handler.consul;

import io.onex.host.api.HandlerHealth;
import io.onex.host.api.OnexException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Consul binding's active health check: {@code GET /v1/status/leader}, within the binding's
 * timeout. Healthy when the agent answers with a leader; an empty answer means the cluster has no
 * leader, so the catalog cannot be written or read consistently.
 */
final class ConsulCheck {

    private static final ConsulCall LEADER = ConsulCall.get("health check", "/v1/status/leader", Map.of());

    private ConsulCheck() {
    }

    /** Runs the check through {@code client}, or reports that the binding is not running when it is null. */
    static HandlerHealth run(ConsulClient client) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("probe", "GET /v1/status/leader");
        if (client == null) {
            details.put("error", "the binding is not running");
            return HandlerHealth.unhealthy(details);
        }
        try {
            Object leader = client.send(LEADER);
            if (leader instanceof String address && !address.isBlank()) {
                details.put("leader", true);
                return HandlerHealth.healthy(details);
            }
            details.put("leader", false);
            details.put("error", "the Consul agent answers but its cluster has no leader");
            return HandlerHealth.unhealthy(details);
        } catch (OnexException e) {
            details.put("error", e.code().name() + ": " + e.getMessage());
            return HandlerHealth.unhealthy(details);
        }
    }
}
