package io.onex.host.api.contract;

import java.util.List;
import java.util.Optional;

/** The kinds of event bus. Written lowercase in contracts. */
public enum BusKind {
    INMEMORY,
    KAFKA;

    /** Returns the lowercase name used in contracts. */
    public String wireName() {
        return WireNames.of(this);
    }

    /** Returns the constant with this contract name, if there is one. */
    public static Optional<BusKind> fromWireName(String wireName) {
        return WireNames.find(values(), wireName);
    }

    /** Returns every contract name, in declaration order. */
    public static List<String> wireNames() {
        return WireNames.all(values());
    }
}
