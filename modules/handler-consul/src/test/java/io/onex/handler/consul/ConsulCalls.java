package io.onex.handler.consul;

import io.onex.host.api.Envelope;
import io.onex.host.api.HandlerType;
import io.onex.host.api.Invocation;
import io.onex.host.api.SecretResolutionException;
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

/** Builds bindings, handlers, secrets and invocations for the handler's tests. */
final class ConsulCalls {

    static final String NODE = "discovery_effect";
    static final SecretRef TOKEN = new SecretRef("env:CONSUL_TOKEN");

    private ConsulCalls() {
    }

    /**
     * A secret source with a cache, as the host's: {@code apply} returns the cached value,
     * {@code refresh} reads the current one from the "source" and caches it.
     */
    static final class RotatingSecrets implements Secrets {
        private volatile String cached;
        private volatile String source;
        final AtomicInteger refreshes = new AtomicInteger();

        RotatingSecrets(String value) {
            this.cached = value;
            this.source = value;
        }

        /** Changes the value at the source; the cache keeps the old one until refreshed. */
        void rotate(String value) {
            source = value;
        }

        @Override
        public String apply(SecretRef ref) {
            if (!ref.equals(TOKEN)) {
                throw new SecretResolutionException("secret " + ref + " is not set");
            }
            return cached;
        }

        @Override
        public String refresh(SecretRef ref) {
            refreshes.incrementAndGet();
            apply(ref);
            cached = source;
            return cached;
        }
    }

    static HandlerBinding binding(Duration timeout, Map<String, Object> config) {
        return new HandlerBinding(HandlerType.of("consul"), "consul", true, true, Optional.of(timeout), Optional.empty(),
                OptionalDouble.empty(), Optional.empty(), Optional.empty(), config);
    }

    /** Returns an initialised handler with a 5 s timeout and {@code config}. */
    static ConsulHandler handler(Map<String, Object> config, Secrets secrets) {
        return handler(Duration.ofSeconds(5), config, secrets);
    }

    static ConsulHandler handler(Duration timeout, Map<String, Object> config, Secrets secrets) {
        ConsulHandler handler = ConsulHandler.create(binding(timeout, config), secrets);
        handler.initialize();
        return handler;
    }

    static Invocation call(String operation, Map<String, Object> payload) {
        return call(operation, payload, List.of());
    }

    static Invocation call(String operation, Map<String, Object> payload, List<String> targets) {
        return new Invocation(Envelope.request(NODE, HandlerType.of("consul"), operation, payload), NODE, "consul", targets);
    }

    /** Returns a mutable payload of alternating keys and values. */
    static Map<String, Object> payload(Object... keysAndValues) {
        Map<String, Object> payload = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            payload.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return payload;
    }
}
