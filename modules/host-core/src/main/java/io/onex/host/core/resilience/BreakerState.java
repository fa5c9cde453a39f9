package io.onex.host.core.resilience;

/** The states of a binding's circuit breaker. */
public enum BreakerState {
    /** Calls go through; failures are counted. */
    CLOSED,
    /** Calls are answered CIRCUIT_OPEN at once, without touching the dependency. */
    OPEN,
    /** The reset timeout has passed: a few trial calls go through to see whether it healed. */
    HALF_OPEN
}
