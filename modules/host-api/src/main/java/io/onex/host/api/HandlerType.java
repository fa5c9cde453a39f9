package io.onex.host.api;

import java.util.Optional;

/**
 * The name of a kind of handler, as contracts and envelopes write it: {@code "http"},
 * {@code "db"}, or a plugin's {@code "redis"}. Handler types are open: the set a host can run is
 * the set of {@link HandlerFactory}s registered with it, and this value only checks the form of
 * the name (lowercase letters, digits and underscores, starting with a letter, at most
 * {@value #MAX_LENGTH} characters).
 */
public final class HandlerType {

    /** The longest handler type name. */
    public static final int MAX_LENGTH = 64;

    private final String wireName;

    private HandlerType(String wireName) {
        this.wireName = wireName;
    }

    /**
     * Returns the handler type named {@code wireName}.
     *
     * @throws IllegalArgumentException if the name is not of the form {@code [a-z][a-z0-9_]*}, at
     *                                  most {@value #MAX_LENGTH} characters
     */
    public static HandlerType of(String wireName) {
        return parse(wireName).orElseThrow(() -> new IllegalArgumentException("'" + wireName
                + "' is not a handler type name: lowercase letters, digits and _, starting with a letter, at most "
                + MAX_LENGTH + " characters"));
    }

    /** Returns the handler type named {@code wireName}, or empty when the name is not well formed. */
    public static Optional<HandlerType> parse(String wireName) {
        return isWellFormed(wireName) ? Optional.of(new HandlerType(wireName)) : Optional.empty();
    }

    /** Returns whether {@code name} is of the form {@code [a-z][a-z0-9_]*}, at most {@value #MAX_LENGTH} long. */
    public static boolean isWellFormed(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        char first = name.charAt(0);
        if (first < 'a' || first > 'z') {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Returns the name used in envelopes and contracts, e.g. {@code "http"}. */
    public String wireName() {
        return wireName;
    }

    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof HandlerType type && type.wireName.equals(wireName);
    }

    @Override
    public int hashCode() {
        return wireName.hashCode();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
