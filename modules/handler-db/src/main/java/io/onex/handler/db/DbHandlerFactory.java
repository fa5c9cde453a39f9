package io.onex.handler.db;

import io.onex.host.api.ConfigSchema;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.HandlerBinding;
import java.util.List;
import java.util.Optional;

/**
 * The factory of the {@code db} handler: PostgreSQL through r2dbc (docs/handlers/db.md describes
 * every setting).
 */
public final class DbHandlerFactory implements HandlerFactory {

    private static final String SCHEME = "r2dbc:postgresql://";

    static final List<HandlerDescription.Operation> OPERATIONS = List.of(
            new HandlerDescription.Operation("db.query", List.of("sql"), List.of("parameters"),
                    List.of("rows", "row_count")),
            new HandlerDescription.Operation("db.execute", List.of("sql"), List.of("parameters"),
                    List.of("row_count")),
            new HandlerDescription.Operation("db.transaction", List.of("statements"), List.of(),
                    List.of("results", "row_count")));

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .requiredText("url", DbHandlerFactory::databaseUrl)
            .doc("r2dbc:postgresql://[user@]host[:port]/database; never a password")
            .text("username", null)
            .doc("the database user to log in as; default: the URL's user")
            .secret("password")
            .doc("the database password, as a secret reference")
            .integer("pool_size", 5, 1)
            .doc("the most connections open at once")
            .integer("acquire_timeout_ms", 2_000, 1)
            .doc("how long a call waits for a free connection")
            .integer("statement_timeout_ms", 30_000, 1)
            .doc("PostgreSQL's statement_timeout, set on every connection and call")
            .integer("connect_timeout_ms", 5_000, 1)
            .doc("how long opening one connection (TCP, TLS and login) may take")
            .integer("max_idle_ms", 1_800_000, 1)
            .doc("a connection unused this long is closed by the pool")
            .choice("ssl_mode", "prefer", List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full"))
            .doc("TLS to the database, PostgreSQL's modes; use verify-full in prod")
            .text("ssl_root_cert", null)
            .doc("the PEM file of the CA that signed the server's certificate")
            .textMap("node_roles")
            .doc("node name to the PostgreSQL role its statements run as")
            .integer("max_rows", 10_000, 1)
            .doc("the most rows one db.query may return")
            .integer("max_result_bytes", 8 * 1024 * 1024, 1)
            .doc("the most one db.query result may take in memory")
            .bool("expose_database_errors", false)
            .doc("whether error envelopes carry PostgreSQL's own error text; development only")
            .build();

    /** Creates the factory. */
    public DbHandlerFactory() {
    }

    @Override
    public int spiVersion() {
        return HandlerFactory.SPI_VERSION;
    }

    @Override
    public String type() {
        return "db";
    }

    @Override
    public String version() {
        return DbHandler.VERSION;
    }

    @Override
    public String summary() {
        return "Runs SQL on PostgreSQL through a pool of r2dbc connections";
    }

    @Override
    public List<HandlerDescription.Operation> operations() {
        return OPERATIONS;
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public Handler create(HandlerBinding binding, Secrets secrets) {
        return DbHandler.create(binding, secrets);
    }

    // Never echoes the URL: it may carry a password.
    private static Optional<ConfigSchema.Violation> databaseUrl(String text) {
        if (!text.startsWith(SCHEME)) {
            return Optional.of(new ConfigSchema.Violation("must start with " + SCHEME, List.of(SCHEME),
                    "write the URL as " + SCHEME + "host:5432/database"));
        }
        String rest = text.substring(SCHEME.length());
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
            return Optional.of(new ConfigSchema.Violation("must not carry a password (user:password@host)", List.of(),
                    "keep at most the user name in the URL and set password: { secret_ref: \"env:DB_PASSWORD\" }"));
        }
        return Optional.empty();
    }
}
