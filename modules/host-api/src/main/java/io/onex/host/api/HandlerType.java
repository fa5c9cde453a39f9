package io.onex.host.api;

import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of handler a runtime host can bind. Written lowercase on the wire.
 */
public enum HandlerType {
    LOCAL,
    HTTP,
    DB,
    VAULT,
    CONSUL;

    private static final HandlerType[] VALUES = values();

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** Returns the lowercase name used in envelopes and contracts, e.g. {@code "http"}. */
    public String wireName() {
        return wireName;
    }

    /**
     * Returns the handler type with the given wire name, if there is one.
     *
     * @param wireName the lowercase name, e.g. {@code "db"}
     */
    public static Optional<HandlerType> fromWireName(String wireName) {
        for (HandlerType type : VALUES) {
            if (type.wireName.equals(wireName)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** Returns the wire names of all handler types, in declaration order. */
    public static java.util.List<String> wireNames() {
        return java.util.Arrays.stream(VALUES).map(HandlerType::wireName).toList();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
