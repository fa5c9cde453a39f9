package io.onex.host.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An event bus's report of its health.
 *
 * @param kind      the bus kind, e.g. {@code inmemory}
 * @param connected whether the bus can publish and deliver now
 * @param details   structured, non-secret facts (queue depths, lag, broker state)
 */
public record BusHealth(String kind, boolean connected, Map<String, Object> details) {

    public BusHealth {
        Objects.requireNonNull(kind, "kind");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
