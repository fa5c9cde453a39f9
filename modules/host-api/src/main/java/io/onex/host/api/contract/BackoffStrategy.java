package io.onex.host.api.contract;

import java.util.Locale;
import java.util.Optional;

/** How the wait between retries grows. Written lowercase in contracts. */
public enum BackoffStrategy {
    FIXED,
    EXPONENTIAL;

    /** Returns the lowercase name used in contracts. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the constant with this contract name, if there is one. */
    public static Optional<BackoffStrategy> fromWireName(String wireName) {
        for (BackoffStrategy value : values()) {
            if (value.wireName().equals(wireName)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** Returns every contract name, in declaration order. */
    public static java.util.List<String> wireNames() {
        return java.util.Arrays.stream(values()).map(BackoffStrategy::wireName).toList();
    }
}
