package io.onex.handler.http;

import java.net.URI;

/**
 * Names URLs in messages, logs and health without what may be secret: the user info
 * ({@code user:password@}) and the query (API keys travel there) are left out, and so is the
 * fragment, which is never sent.
 */
final class SafeUrl {

    private SafeUrl() {
    }

    /** Returns {@code scheme://host[:port]/path} of {@code uri}, marking an omitted query. */
    static String describe(URI uri) {
        StringBuilder text = new StringBuilder(64);
        if (uri.getScheme() != null) {
            text.append(uri.getScheme()).append("://");
        }
        if (uri.getHost() != null) {
            text.append(uri.getHost());
            if (uri.getPort() >= 0) {
                text.append(':').append(uri.getPort());
            }
        } else if (uri.getRawAuthority() != null) {
            // An authority the URI parser could not split may hold user info: show nothing of it.
            text.append("(host)");
        }
        if (uri.getRawPath() != null) {
            text.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            text.append("?(query omitted)");
        }
        return text.toString();
    }
}
