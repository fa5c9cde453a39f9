package io.onex.host.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks of config values that more than one handler's schema uses, as
 * {@link ConfigSchema.TextCheck}s for its builder.
 */
public final class ConfigChecks {

    /**
     * The words that mark a name as a secret's: a setting, header or query parameter whose last
     * word is one of them holds a credential.
     */
    public static final List<String> SECRET_WORDS = List.of("password", "passwd", "passphrase", "pwd", "token",
            "secret", "key", "apikey", "credential", "credentials", "authorization");

    private ConfigChecks() {
    }

    /**
     * Returns a check that a value is an absolute {@code http://} or {@code https://} URL with a
     * host and no credential (a password in its user info, or a query parameter named like a
     * secret); its fix names {@code example}. Its messages never echo the URL.
     */
    public static ConfigSchema.TextCheck httpUrl(String example) {
        return text -> {
            try {
                URI uri = new URI(text);
                String scheme = uri.getScheme();
                if (("http".equals(scheme) || "https".equals(scheme)) && uri.getHost() != null) {
                    return credential(text.substring(scheme.length() + "://".length()),
                            "keep credentials out of the URL: put them in a header or setting that takes a"
                                    + " secret reference");
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
     * ({@code user:password@}, or any {@code %}-escape before the host; a user name is fine) and no
     * query parameter named like a secret ({@code ?password=}, {@code ?sslPassword=}). Its
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
            return credential(text.substring(scheme.length()), "keep at most the user name in the URL and "
                    + passwordFix);
        };
    }

    /**
     * Returns whether {@code name} (a setting, header or query parameter) is named like a secret:
     * its last word, split at {@code _ - .} and at a lower-to-upper case change, is one of
     * {@link #SECRET_WORDS} ({@code api_key}, {@code apiKey}, {@code ssl.key.password}), or it
     * ends with password, passwd, secret or token without a separator ({@code sslpassword}).
     */
    public static boolean isSecretName(String name) {
        String[] words = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT).split("[_.-]");
        if (words.length > 0 && SECRET_WORDS.contains(words[words.length - 1])) {
            return true;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith("password") || lower.endsWith("passwd") || lower.endsWith("secret")
                || lower.endsWith("token");
    }

    /**
     * Returns the violation of a URL, given after its {@code scheme://}, that carries a credential:
     * a password in its user info ({@code user:password@}, or any {@code %}-escape there; a user
     * name alone is fine) or a query parameter named like a secret ({@link #isSecretName}, after
     * decoding {@code %}-escapes). The message names the parameter, never a value.
     */
    private static Optional<ConfigSchema.Violation> credential(String afterScheme, String fix) {
        int end = afterScheme.length();
        for (char stop : new char[] {'/', '?', '#'}) {
            int at = afterScheme.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        int at = afterScheme.substring(0, end).lastIndexOf('@');
        if (at >= 0 && (afterScheme.substring(0, at).contains(":") || afterScheme.substring(0, at).contains("%"))) {
            return Optional.of(new ConfigSchema.Violation("must not carry a password (user:password@host)",
                    List.of(), fix));
        }
        int query = afterScheme.indexOf('?');
        if (query < 0) {
            return Optional.empty();
        }
        int fragment = afterScheme.indexOf('#', query);
        String parameters = afterScheme.substring(query + 1, fragment < 0 ? afterScheme.length() : fragment);
        for (String parameter : parameters.split("[&;]")) {
            int equals = parameter.indexOf('=');
            String name = decoded(equals < 0 ? parameter : parameter.substring(0, equals));
            if (isSecretName(name)) {
                String shown = name.length() > 40 ? name.substring(0, 40) + "..." : name;
                return Optional.of(new ConfigSchema.Violation("must not carry a credential: the query parameter '"
                        + shown + "' is named like a secret (" + String.join(", ", SECRET_WORDS) + ")", List.of(),
                        fix));
            }
        }
        return Optional.empty();
    }

    /** Returns {@code text} with its {@code %}-escapes decoded, or as written when they are malformed. */
    private static String decoded(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
