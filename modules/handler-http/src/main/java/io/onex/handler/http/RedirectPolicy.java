package io.onex.handler.http;

import io.onex.host.api.ProtocolConfigurationException;
import java.net.URI;

/** Which redirects the handler follows: config {@code follow_redirects}. */
enum RedirectPolicy {
    /** Answers with the redirect itself. */
    NEVER,
    /** Follows every redirect except from https to http. */
    NORMAL,
    /** Follows every redirect. */
    ALWAYS;

    /** The most redirects followed for one call; one more fails it (the JDK client's own limit). */
    static final int MAX_REDIRECTS = 5;

    static RedirectPolicy fromConfig(String binding, Object value) {
        return switch (String.valueOf(value)) {
            case "never" -> NEVER;
            case "normal" -> NORMAL;
            case "always" -> ALWAYS;
            default -> throw new ProtocolConfigurationException("http binding '" + binding
                    + "': config.follow_redirects must be never, normal or always, not '" + value + "'");
        };
    }

    /** Returns whether a status is a redirect the handler may follow (not 300, 304, 305, 306). */
    static boolean isFollowable(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Returns whether this policy follows a redirect from {@code from} to {@code to}. */
    boolean follows(URI from, URI to) {
        return switch (this) {
            case NEVER -> false;
            case NORMAL -> !("https".equalsIgnoreCase(from.getScheme()) && "http".equalsIgnoreCase(to.getScheme()));
            case ALWAYS -> true;
        };
    }

    /** Returns the lowercase config name. */
    String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
