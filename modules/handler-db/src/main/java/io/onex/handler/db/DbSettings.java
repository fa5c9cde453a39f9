package io.onex.handler.db;

import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.SecretRef;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

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
 * @param sslRootCert       the PEM file of the CA(s) that sign the server's certificate, if set
 * @param callTimeout       the binding's own timeout for a whole call, if it sets one
 * @param nodeRoles         node name to the PostgreSQL role its statements run as
 * @param maxRows           the most rows one {@code db.query} may return
 * @param maxResultBytes    the most bytes (estimated) one {@code db.query} result may hold
 * @param exposeDatabaseErrors whether error envelopes carry the server's own message text
 */
record DbSettings(
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
        Optional<Path> sslRootCert,
        Optional<Duration> callTimeout,
        Map<String, String> nodeRoles,
        int maxRows,
        int maxResultBytes,
        boolean exposeDatabaseErrors) {

    static final String URL_PREFIX = "r2dbc:postgresql://";
    private static final int DEFAULT_PORT = 5432;
    private static final java.util.List<String> SSL_MODES =
            java.util.List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
    /** A role name as PostgreSQL stores it: at most 63 letters, digits, '_' or '$', not starting with a digit or '$'. */
    private static final Pattern ROLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");
    static final int DEFAULT_MAX_ROWS = 10_000;
    static final int DEFAULT_MAX_RESULT_BYTES = 8 * 1024 * 1024;

    DbSettings {
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
        Objects.requireNonNull(sslRootCert, "sslRootCert");
        Objects.requireNonNull(callTimeout, "callTimeout");
        nodeRoles = Map.copyOf(nodeRoles);
    }

    /**
     * Reads a db binding's settings, resolving its password through {@code secrets}.
     *
     * @throws ProtocolConfigurationException naming the key that is missing or wrong
     */
    static DbSettings from(HandlerBinding binding, Function<SecretRef, String> secrets) {
        Map<String, Object> config = binding.config();
        String name = binding.name();
        Object url = config.get("url");
        if (!(url instanceof String text) || text.isBlank()) {
            throw problem(name, "config.url is required: write it as " + URL_PREFIX + "host:5432/database");
        }
        URI address = parseUrl(name, text);
        String user = username(name, address, config.get("username"));
        Optional<String> password = switch (config.get("password")) {
            case null -> Optional.empty();
            case SecretRef ref -> Optional.of(secrets.apply(ref));
            default -> throw problem(name, "config.password must be a secret reference, e.g. "
                    + "password: { secret_ref: \"env:DB_PASSWORD\" }, never the password itself");
        };
        String sslMode = String.valueOf(config.getOrDefault("ssl_mode", "prefer")).toLowerCase(Locale.ROOT);
        if (!SSL_MODES.contains(sslMode)) {
            throw problem(name, "config.ssl_mode must be one of " + String.join(", ", SSL_MODES)
                    + ", not '" + sslMode + "'");
        }
        Optional<Path> rootCert = rootCert(name, config.get("ssl_root_cert"));
        String host = address.getHost().startsWith("[")
                ? address.getHost().substring(1, address.getHost().length() - 1) : address.getHost();
        return new DbSettings(name, host, address.getPort() < 0 ? DEFAULT_PORT : address.getPort(),
                address.getPath().substring(1), user, password,
                positive(name, config, "pool_size", 5),
                Duration.ofMillis(positive(name, config, "acquire_timeout_ms", 2_000)),
                Duration.ofMillis(positive(name, config, "statement_timeout_ms", 30_000)),
                Duration.ofMillis(positive(name, config, "connect_timeout_ms", 5_000)),
                Duration.ofMillis(positive(name, config, "max_idle_ms", 1_800_000)),
                sslMode, rootCert, binding.timeout(), nodeRoles(name, config.get("node_roles")),
                positive(name, config, "max_rows", DEFAULT_MAX_ROWS),
                positive(name, config, "max_result_bytes", DEFAULT_MAX_RESULT_BYTES),
                Boolean.TRUE.equals(config.get("expose_database_errors")));
    }

    /** Returns the role {@code node}'s statements run as, if the binding sets one for it. */
    Optional<String> roleOf(String node) {
        return Optional.ofNullable(nodeRoles.get(node));
    }

    /**
     * Returns the user to log in as: {@code config.username}, or the user name the URL carries
     * ({@code r2dbc:postgresql://app@db:5432/orders}). When both name one, they must agree.
     */
    private static String username(String binding, URI address, Object configured) {
        Optional<String> fromUrl = Optional.ofNullable(address.getUserInfo()).filter(user -> !user.isBlank());
        if (configured != null && !(configured instanceof String)) {
            throw problem(binding, "config.username must be text: the database user to log in as");
        }
        Optional<String> fromConfig = Optional.ofNullable((String) configured).filter(user -> !user.isBlank());
        if (fromUrl.isPresent() && fromConfig.isPresent() && !fromUrl.get().equals(fromConfig.get())) {
            throw problem(binding, "config.url names user '" + fromUrl.get() + "' but config.username is '"
                    + fromConfig.get() + "'; name the user in one place only");
        }
        return fromConfig.or(() -> fromUrl).orElseThrow(() -> problem(binding,
                "config.username is required (or a user in the URL: " + URL_PREFIX + "app@host:5432/database):"
                        + " the database user to log in as"));
    }

    private static Optional<Path> rootCert(String binding, Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text) || text.isBlank()) {
            throw problem(binding, "config.ssl_root_cert must be the path of a PEM file holding the CA certificate(s)");
        }
        Path file = Path.of(text);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw problem(binding, "config.ssl_root_cert '" + text + "' does not exist or cannot be read; it must be"
                    + " a PEM file with the certificate of the CA that signed the database server's certificate");
        }
        return Optional.of(file);
    }

    private static Map<String, String> nodeRoles(String binding, Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> entries)) {
            throw problem(binding, "config.node_roles must map node names to PostgreSQL roles, e.g."
                    + " node_roles: { order_store: orders_writer }");
        }
        Map<String, String> roles = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            String node = String.valueOf(entry.getKey());
            if (!(entry.getValue() instanceof String role) || !ROLE.matcher(role).matches()) {
                throw problem(binding, "config.node_roles." + node + " must be a PostgreSQL role name (letters,"
                        + " digits and '_', at most 63, not starting with a digit), written as the role was created");
            }
            roles.put(node, role);
        }
        return roles;
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
        // A user name may come in the URL (it is not a secret); a password never may.
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && (userInfo.contains(":") || userInfo.contains("%"))) {
            throw problem(binding, "config.url must not carry a password (user:password@host) or escaped characters"
                    + " before the host: set config.password: { secret_ref: ... } instead");
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
        return "DbSettings[binding=" + binding + ", target=" + target() + ", username=" + username
                + ", password=" + (password.isPresent() ? "***" : "none") + ", poolSize=" + poolSize
                + ", acquireTimeout=" + acquireTimeout + ", statementTimeout=" + statementTimeout
                + ", connectTimeout=" + connectTimeout + ", maxIdle=" + maxIdle + ", sslMode=" + sslMode
                + ", sslRootCert=" + sslRootCert.map(Path::toString).orElse("none") + ", callTimeout=" + callTimeout
                + ", nodeRoles=" + nodeRoles + ", maxRows=" + maxRows + ", maxResultBytes=" + maxResultBytes
                + ", exposeDatabaseErrors=" + exposeDatabaseErrors + "]";
    }
}
