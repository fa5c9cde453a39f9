package io.onex.host.api.contract;

import java.util.Locale;
import java.util.Optional;

/** The environment a runtime host runs in; {@code prod} forbids the local handler. Written lowercase in contracts. */
public enum Environment {
    PROD,
    STAGING,
    DEV;

    /** Returns the lowercase name used in contracts. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the constant with this contract name, if there is one. */
    public static Optional<Environment> fromWireName(String wireName) {
        for (Environment value : values()) {
            if (value.wireName().equals(wireName)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** Returns every contract name, in declaration order. */
    public static java.util.List<String> wireNames() {
        return java.util.Arrays.stream(values()).map(Environment::wireName).toList();
    }
}
