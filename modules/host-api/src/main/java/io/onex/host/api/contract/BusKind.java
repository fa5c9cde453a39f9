package io.onex.host.api.contract;

import java.util.Locale;
import java.util.Optional;

/** The kinds of event bus. Written lowercase in contracts. */
public enum BusKind {
    INMEMORY,
    KAFKA;

    /** Returns the lowercase name used in contracts. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the constant with this contract name, if there is one. */
    public static Optional<BusKind> fromWireName(String wireName) {
        for (BusKind value : values()) {
            if (value.wireName().equals(wireName)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** Returns every contract name, in declaration order. */
    public static java.util.List<String> wireNames() {
        return java.util.Arrays.stream(values()).map(BusKind::wireName).toList();
    }
}
