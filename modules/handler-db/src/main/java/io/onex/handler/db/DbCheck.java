package io.onex.handler.db;

import io.onex.host.api.HandlerHealth;
import io.onex.host.api.OnexException;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The db binding's active health check: one {@code SELECT 1} round trip on a pooled connection,
 * within the acquire and connect timeouts and a second. A pool whose every connection is lent out
 * and which therefore cannot lend one in time is busy, not down, so that counts as healthy.
 */
final class DbCheck {

    private static final String PROBE = "SELECT 1";
    private static final Duration GRACE = Duration.ofSeconds(1);

    private DbCheck() {
    }

    /**
     * Runs the check.
     *
     * @param pool    the binding's pool, or null before it exists
     * @param acquire how the handler takes a connection (it records whether the database answered)
     * @param config  the binding's settings, for the time limit
     * @param errors  the binding's error mapping, for a non-secret reason
     */
    static HandlerHealth run(ConnectionPool pool, Function<ConnectionPool, Mono<Connection>> acquire, DbSettings config,
            DbFailures errors) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("probe", PROBE);
        if (pool == null || pool.isDisposed()) {
            details.put("error", "the connection pool is not running");
            return HandlerHealth.unhealthy(details);
        }
        Duration limit = config.acquireTimeout().plus(config.connectTimeout()).plus(GRACE);
        Mono<Long> roundTrip = Mono.usingWhen(acquire.apply(pool),
                connection -> Flux.from(connection.createStatement(PROBE).execute())
                        .flatMap(result -> result.map((row, meta) -> 1L))
                        .count(),
                Connection::close,
                (connection, error) -> connection.close(),
                Connection::close);
        try {
            roundTrip.timeout(limit).block(limit.plus(GRACE));
            return HandlerHealth.healthy(details);
        } catch (RuntimeException e) {
            if (DbFailures.isPoolTimeout(e) && allLent(pool)) {
                details.put("pool_busy", true);
                return HandlerHealth.healthy(details);
            }
            OnexException mapped = errors.map(e);
            details.put("error", mapped.code().name() + ": " + mapped.getMessage());
            return HandlerHealth.unhealthy(details);
        }
    }

    /** Whether every connection the pool may hold is lent out: a wait then is load, not an outage. */
    private static boolean allLent(ConnectionPool pool) {
        return pool.getMetrics().map(metrics -> metrics.acquiredSize() >= metrics.getMaxAllocatedSize()).orElse(false);
    }
}
