package io.onex.perf;

/** Which way a ratio or value gets better: throughput up, latency and memory down. */
public enum Direction {
    /** More is better (throughput, operations per second). */
    HIGHER_IS_BETTER,
    /** Less is better (latency, memory, overhead factors). */
    LOWER_IS_BETTER;

    /** Returns whether {@code a} is at least as good as {@code b}. */
    public boolean atLeastAsGood(double a, double b) {
        return this == HIGHER_IS_BETTER ? a >= b : a <= b;
    }

    /** Returns the name used in result and baseline files. */
    public String wireName() {
        return this == HIGHER_IS_BETTER ? "higher" : "lower";
    }

    /** Returns the direction named {@code name} in a result or baseline file. */
    public static Direction fromWireName(String name) {
        return switch (name) {
            case "higher" -> HIGHER_IS_BETTER;
            case "lower" -> LOWER_IS_BETTER;
            default -> throw new IllegalArgumentException("direction must be 'higher' or 'lower', not '" + name + "'");
        };
    }
}
