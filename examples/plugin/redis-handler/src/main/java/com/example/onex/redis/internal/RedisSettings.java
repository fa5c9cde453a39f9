package com.example.onex.redis.internal;

import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.SecretRef;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of one Redis binding, read once when the handler is built from the config the
 * host validated against {@link RedisHandlerFactory#configSchema()}.
 *
 * @param binding       the binding name, for messages
 * @param url           where Redis listens
 * @param password      the AUTH password's reference; the value is resolved per connection, never held here
 * @param poolSize      the most connections open at once for calls (the health check has one more)
 * @param maxValueBytes the largest value a call may write or read back
 * @param timeout       the binding's {@code timeout_ms}: bounds a whole call, the wait for a connection included
 */
record RedisSettings(String binding, RedisUrl url, Optional<SecretRef> password, int poolSize, int maxValueBytes,
        Duration timeout) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    static final int DEFAULT_POOL_SIZE = 4;
    static final int MAX_POOL_SIZE = 64;
    static final int DEFAULT_MAX_VALUE_BYTES = 1 << 20;
    static final int MAX_VALUE_BYTES = 64 << 20;

    RedisSettings {
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Reads the binding's config. The host has checked it already; the checks here repeat the
     * rules for a binding built by other means (a test).
     *
     * @throws ProtocolConfigurationException naming the binding and the key, never a value
     */
    static RedisSettings from(HandlerBinding binding) {
        Map<String, Object> config = binding.config();
        String name = binding.name();
        Duration timeout = binding.timeout().orElse(DEFAULT_TIMEOUT);
        if (timeout.isZero() || timeout.isNegative()) {
            throw problem(name, "timeout_ms must be positive");
        }
        RedisUrl url;
        try {
            url = switch (config.get("url")) {
                case String text -> RedisUrl.parse(text);
                case null -> throw new IllegalArgumentException("is required");
                default -> throw new IllegalArgumentException("must be a text, not a secret reference or another value");
            };
        } catch (IllegalArgumentException e) {
            throw problem(name, "config.url " + e.getMessage());
        }
        Optional<SecretRef> password = switch (config.get("password")) {
            case null -> Optional.empty();
            case SecretRef ref -> Optional.of(ref);
            // Never echo the value: a password written in clear is still a password.
            default -> throw problem(name, "config.password must be a secret reference ({ secret_ref: ... }),"
                    + " not a literal value");
        };
        int poolSize = integer(name, config, "pool_size", DEFAULT_POOL_SIZE, 1, MAX_POOL_SIZE);
        int maxValueBytes = integer(name, config, "max_value_bytes", DEFAULT_MAX_VALUE_BYTES, 1, MAX_VALUE_BYTES);
        return new RedisSettings(name, url, password, poolSize, maxValueBytes, timeout);
    }

    private static int integer(String binding, Map<String, Object> config, String key, int fallback, int min, int max) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Integer number && number >= min && number <= max) {
            return number;
        }
        throw problem(binding, "config." + key + " must be a whole number from " + min + " to " + max);
    }

    private static ProtocolConfigurationException problem(String binding, String message) {
        return new ProtocolConfigurationException("redis binding '" + binding + "': " + message);
    }
}
