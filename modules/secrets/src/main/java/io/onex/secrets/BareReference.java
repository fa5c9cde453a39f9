package io.onex.secrets;

import io.onex.host.api.SecretResolutionException;
import io.onex.host.api.contract.SecretRef;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A reference without a prefix, {@code path#key}: a secret at {@code path} (relative to the Vault
 * mount, or to the files directory) and the field {@code key} in it.
 *
 * @param path the secret's path, segments separated by {@code /}
 * @param key  the field
 */
record BareReference(String path, String key) {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^A-Za-z0-9]+");

    /** Parses {@code ref}, failing with a message that says what a bare reference looks like. */
    static BareReference parse(SecretRef ref) {
        String text = ref.reference();
        int hash = text.indexOf('#');
        if (hash < 0 || hash != text.lastIndexOf('#')) {
            throw invalid(ref, "it needs exactly one '#' between the path and the key");
        }
        String path = text.substring(0, hash);
        String key = text.substring(hash + 1);
        if (path.isEmpty() || key.isEmpty()) {
            throw invalid(ref, "both the path and the key must be non-empty");
        }
        for (String segment : path.split("/", -1)) {
            if (!validSegment(segment)) {
                throw invalid(ref, "every path segment must be letters, digits, '.', '_' or '-', and not '.' or '..'");
            }
        }
        if (!validSegment(key)) {
            throw invalid(ref, "the key must be letters, digits, '.', '_' or '-', and not '.' or '..'");
        }
        return new BareReference(path, key);
    }

    /** Returns the environment variable that may hold this secret: {@code db/orders#password} is {@code DB_ORDERS_PASSWORD}. */
    String variableName() {
        return NOT_ALPHANUMERIC.matcher(path + "#" + key).replaceAll("_").toUpperCase(Locale.ROOT);
    }

    /** Returns the file under {@code directory} that may hold this secret: {@code <directory>/<path>/<key>}. */
    Path file(Path directory) {
        return directory.resolve(path).resolve(key);
    }

    private static boolean validSegment(String segment) {
        return SEGMENT.matcher(segment).matches() && !segment.equals(".") && !segment.equals("..");
    }

    private static SecretResolutionException invalid(SecretRef ref, String why) {
        return new SecretResolutionException("secret " + ref + " is not a valid reference: " + why
                + "; write path#key (e.g. db/orders#password), env:NAME or file:/absolute/path");
    }
}
