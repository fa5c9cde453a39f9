package io.onex.handler.db;

import io.onex.host.api.ConfigChecks;
import io.onex.host.api.ConfigSchema;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.Environment;
import io.onex.host.api.contract.HandlerBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
            .requiredText("url", ConfigChecks.urlWithoutPassword(SCHEME, "host:5432/database",
                    "set password: { secret_ref: \"env:DB_PASSWORD\" }"))
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

    /**
     * Checks {@code node_roles} against the nodes that use the binding: every such node needs a role
     * once the binding sets any, and every role entry must name one of them. In {@code prod}, a
     * binding used by several nodes without {@code node_roles} is a warning: those nodes share one
     * login and so every privilege, and only the database can keep them apart.
     */
    @Override
    public List<Finding> check(HandlerBinding binding, List<NodeUse> uses, Environment environment) {
        Set<String> users = new TreeSet<>();
        uses.forEach(use -> users.add(use.node()));
        String label = "runtime.handlers[" + binding.name() + "].config.node_roles";
        List<Finding> findings = new ArrayList<>();
        if (!(binding.config().get("node_roles") instanceof Map<?, ?> roles) || roles.isEmpty()) {
            if (environment == Environment.PROD && users.size() > 1) {
                findings.add(Finding.warning("db binding '" + binding.name() + "' is shared by nodes " + users
                        + " and sets no node_roles: they all act with every privilege of one login", List.of(),
                        "give each node a PostgreSQL role of its own in " + label + " (see docs/handlers/db.md)"));
            }
            return findings;
        }
        for (String user : users) {
            if (!roles.containsKey(user)) {
                findings.add(Finding.error("node '" + user + "' uses db binding '" + binding.name()
                        + "', whose node_roles gives it no role", List.copyOf(users), "add " + user + ": <role> to "
                        + label));
            }
        }
        for (Object named : roles.keySet()) {
            if (!users.contains(String.valueOf(named))) {
                findings.add(Finding.error(label + " names node '" + named + "', which does not use db binding '"
                        + binding.name() + "'", List.copyOf(users), "name one of the nodes that use the binding"));
            }
        }
        return findings;
    }

    @Override
    public Handler create(HandlerBinding binding, Secrets secrets) {
        return DbHandler.create(binding, secrets);
    }
}
