package io.onex.host.core.status;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.HandlerState;
import io.onex.host.core.resilience.BindingGuardStats;
import io.onex.host.core.resilience.BreakerState;
import io.onex.host.core.runtime.ManagedHandler;
import java.util.Objects;
import java.util.Optional;

/**
 * One enabled binding of a running host, read live each time it is asked: its lifecycle, health,
 * calls and what its resilience guard has seen, for the health server's report and meters.
 * Nothing here can change the host or call the handler beyond its health check.
 */
public final class BindingActivity {

    private final ManagedHandler handler;

    BindingActivity(ManagedHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** Returns the binding's name. */
    public String name() {
        return handler.name();
    }

    /** Returns the wire name of its handler type. */
    public String type() {
        return handler.type().wireName();
    }

    /** Returns whether it counts for readiness in {@code readiness: bindings}. */
    public boolean required() {
        return handler.binding().required();
    }

    /** Returns its lifecycle state. */
    public HandlerState state() {
        return handler.state();
    }

    /** Returns its health now; details hold nothing secret. */
    public HandlerHealth health() {
        return handler.health();
    }

    /** Returns the code of its last failed call, if any. */
    public Optional<ErrorCode> lastError() {
        return handler.lastError();
    }

    /** Returns how many calls it took. */
    public long calls() {
        return handler.calls();
    }

    /** Returns how many of them failed. */
    public long failures() {
        return handler.failures();
    }

    /** Returns what its resilience guard has seen so far. */
    public BindingGuardStats guard() {
        return handler.guard().snapshot();
    }

    /** Returns the state of its circuit breaker now, or empty when it has none. */
    public Optional<BreakerState> breakerState() {
        return handler.guard().breakerState();
    }
}
