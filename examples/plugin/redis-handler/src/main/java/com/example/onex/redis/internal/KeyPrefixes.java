package com.example.onex.redis.internal;

import io.onex.host.api.OperationNotAllowedException;
import java.util.List;

/**
 * A node's {@code targets} for a Redis binding: the key prefixes it may touch, e.g.
 * {@code ["session:"]}. An empty list allows every key. A prefix is compared exactly (no
 * patterns), so {@code "session:"} allows {@code session:42} but not {@code sessions} or
 * {@code Session:42}.
 */
final class KeyPrefixes {

    private static final int MAX_SHOWN_KEY = 100;

    private KeyPrefixes() {
    }

    /**
     * Refuses {@code key} unless it starts with one of {@code targets}.
     *
     * @throws OperationNotAllowedException naming the node, the key and its prefixes
     */
    static void check(String operation, String node, String key, List<String> targets) {
        if (targets.isEmpty()) {
            return;
        }
        for (String prefix : targets) {
            if (key.startsWith(prefix)) {
                return;
            }
        }
        String shown = key.length() <= MAX_SHOWN_KEY ? key : key.substring(0, MAX_SHOWN_KEY) + "...";
        throw new OperationNotAllowedException(operation + ": node '" + node + "' may use only keys starting with "
                + targets + " (its targets), not '" + shown + "'");
    }
}
