package io.onex.host.core.status;

import io.onex.host.api.HandlerHealth;
import io.onex.host.api.HandlerState;
import java.util.Objects;

/**
 * One binding as health sees it at one moment: its lifecycle state and its health (the handler's
 * own report joined with the host's latest active check of it).
 *
 * @param name     the binding's name
 * @param type     the wire name of its handler type
 * @param required whether it counts for readiness in {@code readiness: bindings}
 * @param state    its lifecycle state
 * @param health   its health; details hold nothing secret
 */
public record BindingStatus(String name, String type, boolean required, HandlerState state, HandlerHealth health) {

    public BindingStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(health, "health");
    }

    /** Returns whether the binding can take calls: initialised, healthy or executing, and healthy. */
    public boolean up() {
        return servingState() && health.healthy();
    }

    /** Returns whether its lifecycle state is one that takes calls ({@code healthy} or {@code executing}). */
    public boolean servingState() {
        return state == HandlerState.HEALTHY || state == HandlerState.EXECUTING;
    }
}
