package com.example.onex.redis.internal;

import io.onex.host.api.Envelope;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerType;
import io.onex.host.api.Invocation;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.SecretRef;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds bindings, handlers and invocations for the tests, as the host would. */
final class RedisCalls {

    static final HandlerType REDIS = HandlerType.of("redis");
    static final String NODE = "sessions";

    private RedisCalls() {
    }

    /** A binding named {@code cache} with {@code config} and a timeout. */
    static HandlerBinding binding(Map<String, Object> config, Duration timeout) {
        return new HandlerBinding(REDIS, "cache", true, true, Optional.of(timeout), Optional.empty(),
                OptionalDouble.empty(), Optional.empty(), Optional.empty(), config);
    }

    /** A binding of {@code url} with a 5 s timeout. */
    static HandlerBinding binding(String url) {
        return binding(Map.of("url", url), Duration.ofSeconds(5));
    }

    /** Builds and initialises the handler of {@code binding}, as the host does. */
    static Handler handler(HandlerBinding binding, Secrets secrets) {
        Handler handler = new RedisHandlerFactory().create(binding, secrets);
        handler.initialize();
        return handler;
    }

    /** Builds and initialises the handler of {@code url}, with no secrets. */
    static Handler handler(String url) {
        return handler(binding(url), ref -> {
            throw new AssertionError("no secret expected, asked for " + ref);
        });
    }

    /** Runs {@code operation} for node {@code sessions} with {@code targets}. */
    static Map<String, Object> call(Handler handler, List<String> targets, String operation, Object... fields) {
        Map<String, Object> payload = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            payload.put((String) fields[i], fields[i + 1]);
        }
        Envelope request = Envelope.request(NODE, REDIS, operation, payload);
        return handler.execute(new Invocation(request, NODE, "cache", targets));
    }

    /** Runs {@code operation} with no targets (any key). */
    static Map<String, Object> call(Handler handler, String operation, Object... fields) {
        return call(handler, List.of(), operation, fields);
    }

    /** Secrets that answer {@code cached} until refreshed, then {@code fresh}, counting both. */
    static final class RotatingSecrets implements Secrets {
        final AtomicInteger applied = new AtomicInteger();
        final AtomicInteger refreshed = new AtomicInteger();
        private volatile String value;
        private final String fresh;

        RotatingSecrets(String cached, String fresh) {
            this.value = cached;
            this.fresh = fresh;
        }

        @Override
        public String apply(SecretRef ref) {
            applied.incrementAndGet();
            return value;
        }

        @Override
        public String refresh(SecretRef ref) {
            refreshed.incrementAndGet();
            value = fresh;
            return value;
        }
    }
}
