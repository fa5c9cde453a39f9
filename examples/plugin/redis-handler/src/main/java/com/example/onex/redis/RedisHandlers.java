package com.example.onex.redis;

import com.example.onex.redis.internal.RedisHandlerFactory;
import io.onex.host.api.HandlerFactory;

/**
 * The Redis handler's one public entry point: the factory an application registers with its host,
 * {@code OnexHost.builder().handler(RedisHandlers.factory())}.
 *
 * <p>Bindings of type {@code redis} then accept the config keys {@code url}
 * ({@code redis://host:port[/db]}, required), {@code password} (a {@code secret_ref}),
 * {@code pool_size} and {@code max_value_bytes}, and nodes may use {@code redis.get},
 * {@code redis.set}, {@code redis.del} and {@code redis.incr} on keys that start with one of their
 * {@code targets}. examples/plugin/README.md describes them.
 */
public final class RedisHandlers {

    private static final HandlerFactory FACTORY = new RedisHandlerFactory();

    private RedisHandlers() {
    }

    /** Returns the factory of the {@code redis} handler type. */
    public static HandlerFactory factory() {
        return FACTORY;
    }
}
