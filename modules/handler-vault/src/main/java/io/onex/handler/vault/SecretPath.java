package io.onex.handler.vault;

import java.util.regex.Pattern;

/**
 * The rule for secret paths (and mounts): segments of letters, digits, {@code .}, {@code _} and
 * {@code -} separated by single {@code /}, with no leading or trailing {@code /} and no
 * {@code .} or {@code ..} segment. Nothing in such a path needs encoding in a URL or can climb
 * out of the mount, so it is sent to Vault as written.
 */
final class SecretPath {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");

    private SecretPath() {
    }

    /** Returns whether {@code path} is a non-empty, well-formed path. */
    static boolean isValid(String path) {
        if (path.isEmpty()) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** Returns whether {@code path} equals {@code prefix} or lies below it (after a {@code /}). */
    static boolean isWithin(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix) && path.charAt(prefix.length()) == '/';
    }
}
