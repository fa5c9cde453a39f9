package io.onex.host.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Walks an exception's cause chain, for handlers that map a library's failure to the host's error
 * codes by what lies underneath it (an {@code IOException} inside a client's own exception, say).
 * Every walk is bounded: at most {@link #MAX_DEPTH} links, and a chain that loops back on itself
 * ends where it repeats.
 */
public final class Causes {

    /** The most links of a cause chain that are looked at. */
    public static final int MAX_DEPTH = 16;

    private Causes() {
    }

    /** Returns {@code error} and its causes, outermost first. */
    public static List<Throwable> chain(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = error; cause != null && chain.size() < MAX_DEPTH && seen.add(cause);
                cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }

    /** Returns the outermost exception of the chain that is a {@code type}, if any. */
    public static <T extends Throwable> Optional<T> first(Throwable error, Class<T> type) {
        for (Throwable cause : chain(error)) {
            if (type.isInstance(cause)) {
                return Optional.of(type.cast(cause));
            }
        }
        return Optional.empty();
    }

    /** Returns the innermost exception of the chain that is a {@code type}, if any. */
    public static <T extends Throwable> Optional<T> innermost(Throwable error, Class<T> type) {
        List<Throwable> chain = chain(error);
        for (int i = chain.size() - 1; i >= 0; i--) {
            if (type.isInstance(chain.get(i))) {
                return Optional.of(type.cast(chain.get(i)));
            }
        }
        return Optional.empty();
    }

    /** Returns the innermost exception of the chain (the root cause, as far as it was followed). */
    public static Throwable root(Throwable error) {
        List<Throwable> chain = chain(error);
        return chain.getLast();
    }
}
