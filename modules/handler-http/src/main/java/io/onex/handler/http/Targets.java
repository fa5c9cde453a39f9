package io.onex.handler.http;

import io.onex.host.api.OperationNotAllowedException;
import io.onex.host.api.ProtocolConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A node's allow-list of URL prefixes (its contract's {@code targets} for an HTTP binding), and
 * the rule that checks a request URL against it.
 *
 * <p>A URL is allowed when some target has the same scheme, the same host (ignoring case) and
 * the same port (an absent port is the scheme's default), and the URL's path equals the target's
 * path or continues it after a {@code /}. So {@code https://api.example.com/users} allows
 * {@code /users}, {@code /users/} and {@code /users/42}, but not {@code /users-admin}, nor any
 * path on {@code api.example.com.evil.com} or on another port. A trailing {@code /} on a target
 * changes nothing, and a target with no path (or {@code /}) allows every path of its origin.
 * Dot segments ({@code /users/../admin}) are resolved before comparing; a path that still holds
 * a dot segment, or holds an encoded dot, slash or backslash ({@code %2e}, {@code %2f},
 * {@code %5c}), is refused outright, since servers decode those in different ways. Paths are
 * compared as sent (percent-encoded), case-sensitively. An empty list allows everything.
 */
final class Targets {

    private static final Targets NONE = new Targets(List.of());

    private final List<Prefix> prefixes;

    private Targets(List<Prefix> prefixes) {
        this.prefixes = List.copyOf(prefixes);
    }

    /** One allowed prefix, normalised. */
    private record Prefix(String scheme, String host, int port, String path) {
        boolean allows(String otherScheme, String otherHost, int otherPort, String otherPath) {
            return scheme.equals(otherScheme) && host.equals(otherHost) && port == otherPort
                    && (path.isEmpty() || otherPath.equals(path) || otherPath.startsWith(path)
                    && otherPath.charAt(path.length()) == '/');
        }

        @Override
        public String toString() {
            return scheme + "://" + host + ":" + port + (path.isEmpty() ? "/" : path);
        }
    }

    /**
     * Returns the allow-list of {@code targets}.
     *
     * @throws ProtocolConfigurationException if a target is not an absolute http or https URL
     *                                        without user info, query or fragment
     */
    static Targets of(List<String> targets) {
        if (targets.isEmpty()) {
            return NONE;
        }
        List<Prefix> prefixes = new ArrayList<>(targets.size());
        for (String target : targets) {
            prefixes.add(prefix(target));
        }
        return new Targets(prefixes);
    }

    private static Prefix prefix(String target) {
        URI uri;
        try {
            uri = new URI(target).normalize();
        } catch (URISyntaxException e) {
            throw badTarget("is not a valid URL (" + e.getReason() + ")");
        }
        String scheme = scheme(uri);
        if (scheme.isEmpty() || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw badTarget("'" + SafeUrl.describe(uri) + "' must be an absolute http or https URL prefix with a host"
                    + " and no user info, query or fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new Prefix(scheme, host(uri), port(uri, scheme), path);
    }

    private static ProtocolConfigurationException badTarget(String problem) {
        return new ProtocolConfigurationException("an http target of the node contract " + problem);
    }

    /** Returns whether this list allows everything. */
    boolean isEmpty() {
        return prefixes.isEmpty();
    }

    /**
     * Checks that {@code uri} (absolute, http or https) is allowed.
     *
     * @throws OperationNotAllowedException if it is not, naming the URL without secrets
     */
    void check(URI uri, String operation, String node) {
        if (prefixes.isEmpty()) {
            return;
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (ambiguous(path)) {
            throw new OperationNotAllowedException(operation + ": node '" + node + "' may only call its targets,"
                    + " and the path of " + SafeUrl.describe(uri) + " holds a dot segment or an encoded '.', '/'"
                    + " or '\\', which targets never allow");
        }
        String scheme = scheme(uri);
        String host = host(uri);
        int port = port(uri, scheme);
        for (Prefix prefix : prefixes) {
            if (prefix.allows(scheme, host, port, path)) {
                return;
            }
        }
        throw new OperationNotAllowedException(operation + ": node '" + node + "' may not call "
                + SafeUrl.describe(uri) + "; its targets allow " + prefixes
                + " (same scheme, host and port, and a path equal to a target's or below it after a '/')");
    }

    private static boolean ambiguous(String path) {
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c");
    }

    private static String scheme(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https") ? scheme : "";
    }

    private static String host(URI uri) {
        return uri.getHost().toLowerCase(Locale.ROOT);
    }

    private static int port(URI uri, String scheme) {
        return uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    }
}
