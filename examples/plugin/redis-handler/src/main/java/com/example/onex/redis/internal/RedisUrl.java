package com.example.onex.redis.internal;

import io.onex.host.api.ConfigSchema;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A binding's {@code url}: {@code redis://host:port[/db]}, the port optional (6379) and the
 * database a number from 0 to 15 (default 0). A password never goes in the URL: it is the
 * binding's {@code password}, a secret reference.
 *
 * @param host the server's host name or IP address (an IPv6 address without brackets)
 * @param port the server's port
 * @param db   the logical database, selected on every new connection
 */
record RedisUrl(String host, int port, int db) {

    static final int DEFAULT_PORT = 6379;
    static final int MAX_DB = 15;

    private static final String FORM = "redis://host:port[/db], e.g. redis://127.0.0.1:6379/0";
    // host: a name, an IPv4 address or a bracketed IPv6 address; then :port, then /db.
    private static final Pattern URL = Pattern.compile(
            "redis://(?<host>[A-Za-z0-9._-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}])(?::(?<port>[0-9]{1,5}))?(?:/(?<db>[0-9]{1,2})?)?");

    /**
     * Checks {@code text} as a binding's {@code url}, at contract load time. The message never
     * quotes the text: a URL written with a password in it must not travel into a log.
     */
    static Optional<ConfigSchema.Violation> check(String text) {
        try {
            parse(text);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(new ConfigSchema.Violation(e.getMessage(), List.of(), "write " + FORM
                    + ", and give a password as config.password: { secret_ref: ... }"));
        }
    }

    /**
     * Reads {@code text}.
     *
     * @throws IllegalArgumentException completing "config.url ...", quoting nothing of the text
     */
    static RedisUrl parse(String text) {
        String url = text.strip();
        if (!url.startsWith("redis://")) {
            throw new IllegalArgumentException(url.startsWith("rediss://")
                    ? "must start with redis:// (TLS, rediss://, is not supported by this handler)"
                    : "must start with redis://");
        }
        if (url.indexOf('@') >= 0) {
            throw new IllegalArgumentException("must not hold credentials (user:password@)");
        }
        Matcher matcher = URL.matcher(url);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("must have the form " + FORM);
        }
        String host = matcher.group("host");
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = matcher.group("port") == null ? DEFAULT_PORT : Integer.parseInt(matcher.group("port"));
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("must have a port from 1 to 65535");
        }
        int db = matcher.group("db") == null ? 0 : Integer.parseInt(matcher.group("db"));
        if (db > MAX_DB) {
            throw new IllegalArgumentException("must name a database from 0 to " + MAX_DB);
        }
        return new RedisUrl(host, port, db);
    }

    /** Returns the URL as shown in health and messages; it never holds a secret. */
    @Override
    public String toString() {
        String shownHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return "redis://" + shownHost + ":" + port + "/" + db;
    }
}
