package io.onex.perf;

import io.onex.testkit.PostgresAddress;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The db latency baseline: {@code SELECT 1} on one r2dbc-postgresql connection, opened once,
 * with no pool, no statement checks and no host. What the driver and the server cost at least.
 */
final class BareQuery implements AutoCloseable {

    private final Connection connection;
    private final Duration patience;

    private BareQuery(Connection connection, Duration patience) {
        this.connection = connection;
        this.patience = patience;
    }

    /** Opens the connection to {@code address}. */
    static BareQuery connect(PostgresAddress address, Duration patience) {
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(address.r2dbcUrl()).mutate()
                .option(ConnectionFactoryOptions.USER, address.user())
                .option(ConnectionFactoryOptions.PASSWORD, address.password())
                .build();
        Connection connection = Mono.from(ConnectionFactories.get(options).create()).block(patience);
        if (connection == null) {
            throw new IllegalStateException("no connection to " + address);
        }
        return new BareQuery(connection, patience);
    }

    /** Runs {@code SELECT 1} and reads its one row. */
    void selectOne() {
        Object value = Flux.from(connection.createStatement("SELECT 1").execute())
                .flatMap(result -> result.map((row, meta) -> row.get(0)))
                .blockLast(patience);
        if (value == null) {
            throw new IllegalStateException("SELECT 1 returned no row");
        }
    }

    @Override
    public void close() {
        Mono.from(connection.close()).block(patience);
    }
}
