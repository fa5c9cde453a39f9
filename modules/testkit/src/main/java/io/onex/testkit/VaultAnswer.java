package io.onex.testkit;

import java.util.List;
import java.util.Map;

/**
 * One answer of {@link VaultKvServer}: an HTTP status and a JSON-shaped body, or {@code null}
 * for none.
 */
record VaultAnswer(int status, Object body) {

    /** Returns Vault's 404 for a path with nothing at it. */
    static VaultAnswer notFound() {
        return new VaultAnswer(404, Map.of("errors", List.of()));
    }

    /** Returns Vault's error answer: {@code status} with {@code message} in its {@code errors}. */
    static VaultAnswer errors(int status, String message) {
        return new VaultAnswer(status, Map.of("errors", List.of(message)));
    }
}
