package io.onex.host.core.runtime;

/** The states of a binding's circuit breaker. */
public enum BreakerState {
    /** Calls pass. */
    CLOSED,
    /** Calls fail fast with CIRCUIT_OPEN. */
    OPEN,
    /** A few trial calls pass to see whether the dependency is back. */
    HALF_OPEN
}
