package io.onex.host.core;

import io.onex.host.api.ConfigSchema;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;

/**
 * Checks of config values that more than one handler's schema uses, as
 * {@link ConfigSchema.TextCheck}s for its builder.
 */
public final class ConfigChecks {

    private ConfigChecks() {
    }

    /**
     * Returns a check that a value is an absolute {@code http://} or {@code https://} URL with a
     * host; its fix names {@code example}.
     */
    public static ConfigSchema.TextCheck httpUrl(String example) {
        return text -> {
            try {
                URI uri = new URI(text);
                String scheme = uri.getScheme();
                if (("http".equals(scheme) || "https".equals(scheme)) && uri.getHost() != null) {
                    return Optional.empty();
                }
            } catch (URISyntaxException e) {
                // reported below, like any other malformed address
            }
            return Optional.of(new ConfigSchema.Violation("must be an absolute http:// or https:// URL",
                    List.of("http", "https"), "write the full address, e.g. " + example));
        };
    }
}
