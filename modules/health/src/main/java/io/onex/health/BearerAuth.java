package io.onex.health;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.SecretRef;
import io.onex.host.core.SecretRefresher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks the {@code Authorization: Bearer <token>} header of a request against the health
 * server's token ({@code runtime.health.auth_token}).
 *
 * <p>The token is read through the host's secret resolver on every check (from its cache while
 * that is fresh), so a rotated secret takes effect without a restart; a presented token that does
 * not match makes the resolver read the source again (at most once a second, see
 * {@link SecretRefresher}) and is checked once more if the value changed. Both sides are hashed
 * before a constant-time comparison, so neither the time taken nor the answer says how much of a
 * guess was right or how long the token is. Nothing here logs or returns the token.
 */
final class BearerAuth {

    /** The outcome of a check. */
    enum Verdict {
        /** The request carries the token. */
        ALLOWED,
        /** The request carries no token or another one. */
        REFUSED,
        /** The token cannot be read from its source now; the request is refused. */
        UNAVAILABLE
    }

    private static final String SCHEME = "Bearer ";

    private final Secrets secrets;
    private final SecretRef token;
    private final SecretRefresher refresher;

    BearerAuth(Secrets secrets, SecretRef token) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.token = Objects.requireNonNull(token, "token");
        this.refresher = new SecretRefresher(secrets, List.of(token));
    }

    /** Reads the token once, so a reference that cannot be resolved fails the start, not the first request. */
    void resolveNow() {
        secrets.apply(token);
    }

    /** Returns where the token lives (the reference, never the value). */
    SecretRef reference() {
        return token;
    }

    Verdict check(ServerRequest request) {
        Optional<String> presented = request.headers().first(HeaderNames.AUTHORIZATION)
                .filter(value -> value.regionMatches(true, 0, SCHEME, 0, SCHEME.length()))
                .map(value -> value.substring(SCHEME.length()).strip());
        if (presented.isEmpty() || presented.get().isEmpty()) {
            return Verdict.REFUSED;
        }
        byte[] offered = sha256(presented.get());
        try {
            if (MessageDigest.isEqual(offered, sha256(secrets.apply(token)))) {
                return Verdict.ALLOWED;
            }
            // A client may already hold a rotated token the cache has not seen yet.
            if (refresher.refreshAfterRefusal() && MessageDigest.isEqual(offered, sha256(secrets.apply(token)))) {
                return Verdict.ALLOWED;
            }
            return Verdict.REFUSED;
        } catch (RuntimeException e) {
            return Verdict.UNAVAILABLE;
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
