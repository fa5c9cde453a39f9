package io.onex.host.core.resilience;

/** Formats rates for messages: {@code 200}, not {@code 200.0}; {@code 0.5} as it is. */
final class Rates {

    private Rates() {
    }

    static String format(double rate) {
        return rate == Math.rint(rate) && Math.abs(rate) < 1e15 ? Long.toString((long) rate) : Double.toString(rate);
    }
}
