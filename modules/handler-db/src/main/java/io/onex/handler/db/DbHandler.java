package io.onex.handler.db;

import io.onex.host.api.AuthenticationException;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.Invocation;
import io.onex.host.api.OnexException;
import io.onex.host.api.OperationNotAllowedException;
import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.Secrets;
import io.onex.host.api.ServiceUnavailableException;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.SecretRef;
import io.onex.host.core.SecretRefresher;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The PostgreSQL handler: {@code db.query}, {@code db.execute} and {@code db.transaction} over a
 * pool of r2dbc connections.
 *
 * <p>Each call checks its request first (one statement each, parameters matching placeholders,
 * tables within the node's targets: see {@link DbRequest}), then takes a connection from the
 * pool, runs in a transaction of its own as the node's role when the binding's {@code node_roles}
 * gives one (see {@link DbCalls}), and gives the connection back whatever happens: reset, or
 * closed when the call failed other than by the server refusing a statement. The call blocks the host's virtual
 * thread on the reactive result, always with a time limit: the binding's {@code timeout_ms} if it
 * sets one, else the acquire timeout plus the statement timeout per statement plus a second.
 *
 * <p>No connection is opened when the handler is built: initialising it starts one check of the
 * database in the background (on the driver's own threads), so a host starts even while its
 * database is down, and its health says so. After a failure to reach the database, each health
 * check starts another such check (one at a time) until one succeeds, so health recovers by itself.
 */
public final class DbHandler implements Handler {

    static final String VERSION = "1.0.0";
    private static final Duration GRACE = Duration.ofSeconds(1);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    /** What the handler last learned about reaching the database. */
    private enum Reachability {
        UNKNOWN,
        REACHABLE,
        UNREACHABLE
    }

    private final DbSettings config;
    private final DbFailures errors;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile Reachability reachability = Reachability.UNKNOWN;
    private volatile ConnectionPool pool;

    private final Optional<SecretRef> password;
    private final Secrets secrets;
    private final SecretRefresher refresher;

    private DbHandler(DbSettings config, Optional<SecretRef> password, Secrets secrets) {
        this.config = config;
        this.password = password;
        this.secrets = secrets;
        this.refresher = new SecretRefresher(secrets, password.stream().toList());
        this.errors = new DbFailures(config);
    }

    /**
     * Builds the handler of a db binding. Resolves the password through {@code secrets} now, so a
     * missing secret fails start-up; opens nothing until {@link #initialize()}. Every new connection
     * reads the password through {@code secrets} again (a rotated password is picked up), and a
     * refused login refreshes it once from its source before the call gives up.
     *
     * @throws ProtocolConfigurationException when the binding's config is missing or wrong
     */
    public static DbHandler create(HandlerBinding binding, Secrets secrets) {
        DbSettings config = DbSettings.from(binding, secrets);
        Optional<SecretRef> reference = binding.config().get("password") instanceof SecretRef ref
                ? Optional.of(ref) : Optional.empty();
        return new DbHandler(config, reference, secrets);
    }

    @Override
    public void initialize() {
        ConnectionPool created = DbPool.create(config,
                password.<java.util.function.Supplier<CharSequence>>map(ref -> () -> secrets.apply(ref)));
        pool = created;
        probe(created);
    }

    @Override
    public Map<String, Object> execute(Invocation invocation) {
        ConnectionPool current = pool;
        if (current == null || current.isDisposed()) {
            throw new ServiceUnavailableException("db binding '" + config.binding() + "' is not running");
        }
        String node = invocation.node();
        if (!config.nodeRoles().isEmpty() && config.roleOf(node).isEmpty()) {
            throw new OperationNotAllowedException("db binding '" + config.binding() + "': node '" + node
                    + "' has no role in the binding's node_roles; add one (node_roles: { " + node + ": <role> })");
        }
        DbRequest request = DbRequest.parse(invocation, config.roleOf(node).isPresent());
        try {
            return call(current, request, node);
        } catch (AuthenticationException refused) {
            // A refused login happens before any statement runs, so trying again is safe.
            if (refresher.refreshAfterRefusal()) {
                return call(current, request, node);
            }
            throw refused;
        }
    }

    /** Runs an already checked request for {@code node}; for tests of what the database itself refuses. */
    Map<String, Object> run(DbRequest request, String node) {
        return call(pool, request, node);
    }

    private Map<String, Object> call(ConnectionPool current, DbRequest request, String node) {
        Mono<Map<String, Object>> call = Mono.usingWhen(acquire(current),
                connection -> DbCalls.run(connection, request, config, node),
                Connection::close,
                // A statement the server refused leaves a connection that the rollback and the reset
                // make clean again; after any other failure (a result abandoned half-read, a lost
                // connection) it is closed rather than trusted with the next call.
                (connection, error) -> DbFailures.isStatementError(error) ? connection.close()
                        : DbCalls.abandon(connection),
                DbCalls::abandon);
        Duration limit = timeLimit(request);
        try {
            // The timeout operator cancels the work, which gives the connection back; the longer
            // bound on block is only a backstop.
            Map<String, Object> response = call.timeout(limit).block(limit.plus(GRACE));
            return response == null ? Map.of() : response;
        } catch (RuntimeException e) {
            OnexException mapped = errors.map(e);
            if (DbFailures.isConnectionFailure(e)) {
                reachability = Reachability.UNREACHABLE;
            }
            throw mapped;
        }
    }

    /** Takes a connection, trying again (up to the pool's size) when the pool hands out a dead one. */
    private Mono<Connection> acquire(ConnectionPool current) {
        return current.create()
                .retryWhen(Retry.max(config.poolSize()).filter(DbFailures::isStaleConnection))
                .doOnSuccess(connection -> reachability = Reachability.REACHABLE)
                .doOnError(error -> {
                    // Any failure to get a connection, save waiting for a busy pool, means the
                    // database cannot be used: down, refusing the login, or not there at all.
                    if (!DbFailures.isPoolTimeout(error)) {
                        reachability = Reachability.UNREACHABLE;
                    }
                });
    }

    private Duration timeLimit(DbRequest request) {
        return config.callTimeout().orElseGet(() -> config.acquireTimeout()
                .plus(config.statementTimeout().multipliedBy(request.statementCount()))
                .plus(GRACE));
    }

    /** Checks in the background whether the database can be reached; one check at a time. */
    private void probe(ConnectionPool current) {
        if (!probing.compareAndSet(false, true)) {
            return;
        }
        // The outcome is recorded by acquire(); errors need a consumer or Reactor reports them.
        acquire(current)
                .flatMap(connection -> Mono.from(connection.close()).thenReturn(Boolean.TRUE))
                .doFinally(signal -> probing.set(false))
                .subscribe(ignored -> { }, ignored -> { });
    }

    @Override
    public HandlerHealth health() {
        ConnectionPool current = pool;
        Reachability known = reachability;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("binding", config.binding());
        details.put("database", config.target());
        details.put("database_reachable", switch (known) {
            case UNKNOWN -> "unknown";
            case REACHABLE -> true;
            case UNREACHABLE -> false;
        });
        boolean running = current != null && !current.isDisposed();
        details.put("pool", poolDetails(current));
        if (running && known == Reachability.UNREACHABLE) {
            probe(current);
        }
        return new HandlerHealth(running && known != Reachability.UNREACHABLE, details);
    }

    /** Checks the database with one {@code SELECT 1} (see {@link DbCheck}); called by the host, off any call. */
    @Override
    public Optional<HandlerHealth> check() {
        return Optional.of(DbCheck.run(pool, this::acquire, config, errors));
    }

    private Map<String, Object> poolDetails(ConnectionPool current) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("max_size", config.poolSize());
        if (current != null) {
            current.getMetrics().ifPresent(metrics -> {
                details.put("allocated", metrics.allocatedSize());
                details.put("acquired", metrics.acquiredSize());
                details.put("idle", metrics.idleSize());
                details.put("pending", metrics.pendingAcquireSize());
            });
        }
        return details;
    }

    @Override
    public void shutdown() {
        ConnectionPool current = pool;
        if (current == null) {
            return;
        }
        try {
            current.disposeLater().block(SHUTDOWN_WAIT);
        } catch (RuntimeException e) {
            // Connections that will not close in time are dropped with the process; nothing to report to.
        }
    }

    @Override
    public String toString() {
        return "DbHandler[" + config.binding() + " -> " + config.target() + "]";
    }
}
