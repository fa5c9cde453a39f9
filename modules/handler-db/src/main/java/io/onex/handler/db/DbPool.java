package io.onex.handler.db;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.client.SSLMode;
import io.r2dbc.spi.ValidationDepth;
import java.util.Optional;
import java.util.function.Supplier;

/** Builds the connection pool of a db binding from its settings. */
final class DbPool {

    /** How many prepared statements each connection keeps; request SQL varies without bound. */
    private static final int PREPARED_STATEMENT_CACHE = 256;

    private DbPool() {
    }

    /**
     * Returns a pool that opens no connection until one is asked for.
     *
     * <p>Every connection gets PostgreSQL's {@code statement_timeout}, so the server itself stops
     * a statement that runs too long. An acquire validates the connection with a round trip, so a
     * connection that died while idle (a database restart) is dropped instead of failing a call;
     * the pool itself does not retry, so {@code acquire_timeout_ms} is the whole wait for a
     * connection. Driver extensions are not looked up (no service loading).
     */
    static ConnectionPool create(DbConfig config, Optional<Supplier<CharSequence>> password) {
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
                .build();
        return new ConnectionPool(pool);
    }
}
