package io.onex.host.api.contract;

import java.util.List;
import java.util.Optional;

/** The environment a runtime host runs in; {@code prod} forbids the local handler. Written lowercase in contracts. */
public enum Environment {
    PROD,
    STAGING,
    DEV;

    /** Returns the lowercase name used in contracts. */
    public String wireName() {
        return WireNames.of(this);
    }

    /** Returns the constant with this contract name, if there is one. */
    public static Optional<Environment> fromWireName(String wireName) {
        return WireNames.find(values(), wireName);
    }

    /** Returns every contract name, in declaration order. */
    public static List<String> wireNames() {
        return WireNames.all(values());
    }
}
