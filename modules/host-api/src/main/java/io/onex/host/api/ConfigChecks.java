package io.onex.host.api;

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

    /**
     * Returns a check that a value is a URL starting with {@code scheme} that carries no password
     * ({@code user:password@}, or any {@code %}-escape before the host); a user name is fine. Its
     * messages never echo the URL, which may carry a secret.
     *
     * @param scheme      the required start, e.g. {@code "r2dbc:postgresql://"}
     * @param example     what follows the scheme in a correct URL, e.g. {@code "host:5432/database"}
     * @param passwordFix where the password goes instead, e.g.
     *                    {@code "set password: { secret_ref: \"env:DB_PASSWORD\" }"}
     */
    public static ConfigSchema.TextCheck urlWithoutPassword(String scheme, String example, String passwordFix) {
        return text -> {
            if (!text.startsWith(scheme)) {
                return Optional.of(new ConfigSchema.Violation("must start with " + scheme, List.of(scheme),
                        "write the URL as " + scheme + example));
            }
            String rest = text.substring(scheme.length());
            int end = rest.length();
            for (char stop : new char[] {'/', '?'}) {
                int at = rest.indexOf(stop);
                if (at >= 0 && at < end) {
                    end = at;
                }
            }
            // A user name before '@' is fine (it is not a secret); a password (user:password@) is not.
            int at = rest.substring(0, end).lastIndexOf('@');
            if (at >= 0 && (rest.substring(0, at).contains(":") || rest.substring(0, at).contains("%"))) {
                return Optional.of(new ConfigSchema.Violation("must not carry a password (user:password@host)",
                        List.of(), "keep at most the user name in the URL and " + passwordFix));
            }
            return Optional.empty();
        };
    }
}
