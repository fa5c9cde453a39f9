package io.onex.handler.db;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.client.SSLMode;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.ValidationDepth;
import java.util.Optional;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/** Builds the connection pool of a db binding from its settings. */
final class DbPool {

    /** No prepared statements are kept: {@link #RESET} drops them when a connection comes back. */
    private static final int PREPARED_STATEMENT_CACHE = 0;

    /**
     * What a connection is reset with before it goes back to the pool: {@code DISCARD ALL} ends
     * every session state a call may have left (settings, role, temporary tables, prepared
     * statements, cursors, advisory locks, LISTEN). If it fails, the pool closes the connection
     * instead of keeping it. Since it drops prepared statements too, the driver keeps none.
     */
    static final String RESET = "DISCARD ALL";

    private DbPool() {
    }

    /**
     * Returns a pool that opens no connection until one is asked for.
     *
     * <p>Every connection is reset when it is given back (see {@link #RESET}), so no session
     * setting, role or temporary table of one call reaches the next.
     *
     * <p>Every connection gets PostgreSQL's {@code statement_timeout}, so the server itself stops
     * a statement that runs too long. An acquire validates the connection with a round trip, so a
     * connection that died while idle (a database restart) is dropped instead of failing a call;
     * the pool itself does not retry, so {@code acquire_timeout_ms} is the whole wait for a
     * connection. Driver extensions are not looked up (no service loading).
     */
    static ConnectionPool create(DbSettings config, Optional<Supplier<CharSequence>> password) {
        PostgresqlConnectionConfiguration.Builder connection = PostgresqlConnectionConfiguration.builder()
                .host(config.host())
                .port(config.port())
                .database(config.database())
                .username(config.username())
                .applicationName("onex-host")
                .connectTimeout(config.connectTimeout())
                .statementTimeout(config.statementTimeout())
                .sslMode(SSLMode.fromValue(config.sslMode()))
                .tcpKeepAlive(true)
                .autodetectExtensions(false)
                .preparedStatementCacheQueries(PREPARED_STATEMENT_CACHE);
        config.sslRootCert().ifPresent(file -> connection.sslRootCert(file.toString()));
        // Read per new connection, so a rotated secret reaches the pool without a restart.
        password.ifPresent(connection::password);
        ConnectionPoolConfiguration pool = ConnectionPoolConfiguration
                .builder(new PostgresqlConnectionFactory(connection.build()))
                .name("onex-db-" + config.binding())
                .initialSize(0)
                .minIdle(0)
                .maxSize(config.poolSize())
                .maxAcquireTime(config.acquireTimeout())
                .maxCreateConnectionTime(config.connectTimeout())
                .maxIdleTime(config.maxIdle())
                .acquireRetry(0)
                .validationDepth(ValidationDepth.REMOTE)
                .preRelease(DbPool::reset)
                .build();
        return new ConnectionPool(pool);
    }

    /** Returns the reset of a connection's session state (settings, role, temp tables, locks, ...). */
    static Publisher<Void> reset(Connection connection) {
        return Flux.from(connection.createStatement(RESET).execute()).concatMap(Result::getRowsUpdated).then();
    }
}
