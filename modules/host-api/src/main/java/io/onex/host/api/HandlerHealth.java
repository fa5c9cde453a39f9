package io.onex.host.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A handler's own report of its health.
 *
 * @param healthy whether the handler can serve requests now
 * @param details structured, non-secret facts (pool sizes, dev-only flags, ...)
 */
public record HandlerHealth(boolean healthy, Map<String, Object> details) {

    public HandlerHealth {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** Returns a healthy report with the given details. */
    public static HandlerHealth healthy(Map<String, Object> details) {
        return new HandlerHealth(true, details);
    }

    /** Returns an unhealthy report with the given details. */
    public static HandlerHealth unhealthy(Map<String, Object> details) {
        return new HandlerHealth(false, details);
    }
}
