package io.onex.host.api.contract;

import java.util.List;
import java.util.Optional;

/**
 * What {@code /health/ready} of the whole host asks of the bindings ({@code runtime.health.readiness}).
 * Written lowercase in contracts. The host must run and its bus be ready in either mode.
 */
public enum ReadinessMode {
    /** Every binding with {@code required: true} is up, whichever nodes use it (the default). */
    BINDINGS,
    /** Every hosted node has what it needs to answer: each enabled binding it uses is up. */
    NODES;

    /** Returns the lowercase name used in contracts. */
    public String wireName() {
        return WireNames.of(this);
    }

    /** Returns the constant with this contract name, if there is one. */
    public static Optional<ReadinessMode> fromWireName(String wireName) {
        return WireNames.find(values(), wireName);
    }

    /** Returns every contract name, in declaration order. */
    public static List<String> wireNames() {
        return WireNames.all(values());
    }
}
