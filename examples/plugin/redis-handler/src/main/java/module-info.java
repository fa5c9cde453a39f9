/**
 * A Redis handler for the ONEX Runtime Host: operations {@code redis.get}, {@code redis.set},
 * {@code redis.del} and {@code redis.incr} over Redis's own protocol (RESP2), on a small client of
 * its own built on {@code java.net.Socket}.
 *
 * <p>The module exports one package, holding the factory handle
 * ({@link com.example.onex.redis.RedisHandlers#factory()}) that an application registers with
 * {@code io.onex.wiring.OnexHost}; the implementation stays in an unexported package.
 */
module com.example.onex.redis {
    requires transitive io.onex.host.api; // RedisHandlers.factory() returns a HandlerFactory

    exports com.example.onex.redis;
}
