package io.onex.handler.db;

import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.SecretRef;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The settings of one db binding, read from its {@code config} and checked once, when the
 * handler is built.
 *
 * <p>The password is held resolved, so {@link #toString()} leaves it out; no message built here
 * ever quotes the URL, which a careless contract might have written with credentials in it.
 *
 * @param binding           the binding name, for messages
 * @param host              the database host
 * @param port              the database port
 * @param database          the database name
 * @param username          the user to log in as
 * @param password          the resolved password, if the binding has one
 * @param poolSize          the most connections open at once
 * @param acquireTimeout    how long a call waits for a free connection
 * @param statementTimeout  how long one statement may run (PostgreSQL's {@code statement_timeout})
 * @param connectTimeout    how long opening a connection may take
 * @param maxIdle           how long an unused connection stays open
 * @param sslMode           the TLS mode, as PostgreSQL names it ({@code disable} ... {@code verify-full})
 * @param callTimeout       the binding's own timeout for a whole call, if it sets one
 */
record DbConfig(
        String binding,
        String host,
        int port,
        String database,
        String username,
        Optional<String> password,
        int poolSize,
        Duration acquireTimeout,
        Duration statementTimeout,
        Duration connectTimeout,
        Duration maxIdle,
        String sslMode,
        Optional<Duration> callTimeout) {

    static final String URL_PREFIX = "r2dbc:postgresql://";
    private static final int DEFAULT_PORT = 5432;
    private static final java.util.List<String> SSL_MODES =
            java.util.List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    DbConfig {
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(acquireTimeout, "acquireTimeout");
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(maxIdle, "maxIdle");
        Objects.requireNonNull(sslMode, "sslMode");
        Objects.requireNonNull(callTimeout, "callTimeout");
    }

    /**
     * Reads a db binding's settings, resolving its password through {@code secrets}.
     *
     * @throws ProtocolConfigurationException naming the key that is missing or wrong
     */
    static DbConfig from(HandlerBinding binding, Function<SecretRef, String> secrets) {
        Map<String, Object> config = binding.config();
        String name = binding.name();
        Object url = config.get("url");
        if (!(url instanceof String text) || text.isBlank()) {
            throw problem(name, "config.url is required: write it as " + URL_PREFIX + "host:5432/database");
        }
        URI address = parseUrl(name, text);
        Object username = config.get("username");
        if (!(username instanceof String user) || user.isBlank()) {
            throw problem(name, "config.username is required: the database user to log in as");
        }
        Optional<String> password = switch (config.get("password")) {
            case null -> Optional.empty();
            case SecretRef ref -> Optional.of(secrets.apply(ref));
            default -> throw problem(name, "config.password must be a secret reference, e.g. "
                    + "password: { secret_ref: \"env:DB_PASSWORD\" }, never the password itself");
        };
        String sslMode = String.valueOf(config.getOrDefault("ssl_mode", "disable")).toLowerCase(Locale.ROOT);
        if (!SSL_MODES.contains(sslMode)) {
            throw problem(name, "config.ssl_mode must be one of " + String.join(", ", SSL_MODES)
                    + ", not '" + sslMode + "'");
        }
        String host = address.getHost().startsWith("[")
                ? address.getHost().substring(1, address.getHost().length() - 1) : address.getHost();
        return new DbConfig(name, host, address.getPort() < 0 ? DEFAULT_PORT : address.getPort(),
                address.getPath().substring(1), user, password,
                positive(name, config, "pool_size", 5),
                Duration.ofMillis(positive(name, config, "acquire_timeout_ms", 2_000)),
                Duration.ofMillis(positive(name, config, "statement_timeout_ms", 30_000)),
                Duration.ofMillis(positive(name, config, "connect_timeout_ms", 5_000)),
                Duration.ofMillis(positive(name, config, "max_idle_ms", 1_800_000)),
                sslMode, binding.timeout());
    }

    /** Returns {@code host:port/database}: where the binding points, with nothing secret in it. */
    String target() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database;
    }

    // Never quotes the URL: it may carry a password.
    private static URI parseUrl(String binding, String url) {
        if (!url.startsWith(URL_PREFIX)) {
            throw problem(binding, "config.url must start with " + URL_PREFIX + " (e.g. " + URL_PREFIX
                    + "db.internal:5432/orders)");
        }
        URI uri;
        try {
            uri = new URI(url.substring("r2dbc:".length()));
        } catch (URISyntaxException e) {
            throw problem(binding, "config.url is not a valid URL; write it as " + URL_PREFIX + "host:5432/database");
        }
        if (uri.getRawUserInfo() != null) {
            throw problem(binding, "config.url must not carry credentials (user:password@host): set config.username"
                    + " and config.password: { secret_ref: ... } instead");
        }
        if (uri.getHost() == null) {
            throw problem(binding, "config.url names no host; write it as " + URL_PREFIX + "host:5432/database");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw problem(binding, "config.url must not carry options (?...): use the binding's config keys");
        }
        String path = uri.getPath();
        if (path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
            throw problem(binding, "config.url must name one database: " + URL_PREFIX + "host:5432/database");
        }
        return uri;
    }

    private static int positive(String binding, Map<String, Object> config, String key, int fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number && number.doubleValue() >= 1
                && number.doubleValue() <= Integer.MAX_VALUE && number.doubleValue() == Math.rint(number.doubleValue())) {
            return number.intValue();
        }
        throw problem(binding, "config." + key + " must be a whole number of at least 1, not '" + value + "'");
    }

    private static ProtocolConfigurationException problem(String binding, String message) {
        return new ProtocolConfigurationException("db binding '" + binding + "': " + message);
    }

    @Override
    public String toString() {
        return "DbConfig[binding=" + binding + ", target=" + target() + ", username=" + username
                + ", password=" + (password.isPresent() ? "***" : "none") + ", poolSize=" + poolSize
                + ", acquireTimeout=" + acquireTimeout + ", statementTimeout=" + statementTimeout
                + ", connectTimeout=" + connectTimeout + ", maxIdle=" + maxIdle + ", sslMode=" + sslMode
                + ", callTimeout=" + callTimeout + "]";
    }
}
