package com.example.onex.redis.internal;

import io.onex.host.api.ConfigSchema;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.Environment;
import io.onex.host.api.contract.HandlerBinding;
import java.util.List;
import java.util.Objects;

/**
 * The factory of the {@code redis} handler type: its self-description (operations, config schema)
 * and one {@link RedisHandler} per binding. Reached only through
 * {@link com.example.onex.redis.RedisHandlers#factory()}; this package is not exported.
 */
public final class RedisHandlerFactory implements HandlerFactory {

    static final String TYPE_NAME = "redis";
    static final String VERSION = "1.0.0";

    static final List<HandlerDescription.Operation> OPERATIONS = List.of(
            new HandlerDescription.Operation("redis.get", List.of("key"), List.of(), List.of("value")),
            new HandlerDescription.Operation("redis.set", List.of("key", "value"), List.of("ttl_seconds"),
                    List.of("ok")),
            new HandlerDescription.Operation("redis.del", List.of("key"), List.of(), List.of("deleted")),
            new HandlerDescription.Operation("redis.incr", List.of("key"), List.of("by"), List.of("value")));

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .requiredText("url", RedisUrl::check)
            .doc("where Redis listens: redis://host:port[/db] (port 6379 and db 0 by default); no password in it")
            .secret("password")
            .doc("the AUTH password, as a secret reference; omit it when Redis asks for none")
            .integer("pool_size", RedisSettings.DEFAULT_POOL_SIZE, 1, RedisSettings.MAX_POOL_SIZE)
            .doc("the most connections open at once for calls; the health check keeps one more")
            .integer("max_value_bytes", RedisSettings.DEFAULT_MAX_VALUE_BYTES, 1, RedisSettings.MAX_VALUE_BYTES)
            .doc("the largest value, in bytes, that redis.set writes or redis.get reads back")
            .build();

    /** Creates the factory; applications get it from {@code RedisHandlers.factory()}. */
    public RedisHandlerFactory() {
    }

    @Override
    public int spiVersion() {
        return HandlerFactory.SPI_VERSION;
    }

    @Override
    public String type() {
        return TYPE_NAME;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public String summary() {
        return "Reads, writes, deletes and increments keys in Redis, limited to each node's key prefixes";
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
     * Warns, in a {@code prod} contract, about each node that may use every key of the binding
     * because it sets no {@code targets}: the prefixes are the fence between nodes that share a
     * Redis.
     */
    @Override
    public List<Finding> check(HandlerBinding binding, List<NodeUse> uses, Environment environment) {
        if (environment != Environment.PROD) {
            return List.of();
        }
        return uses.stream().filter(use -> use.targets().isEmpty())
                .map(use -> Finding.warning("node '" + use.node() + "' may use every key of redis binding '"
                        + binding.name() + "': its io_operations set no targets", List.of(),
                        "list the key prefixes it may use, e.g. targets: [\"" + use.node() + ":\"]"))
                .toList();
    }

    @Override
    public Handler create(HandlerBinding binding, Secrets secrets) {
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(secrets, "secrets");
        return RedisHandler.create(RedisSettings.from(binding), secrets);
    }

    @Override
    public String toString() {
        return "RedisHandlerFactory[" + TYPE_NAME + " " + VERSION + "]";
    }
}
