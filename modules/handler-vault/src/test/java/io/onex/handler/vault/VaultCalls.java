package io.onex.handler.vault;

import io.onex.host.api.Envelope;
import io.onex.host.api.HandlerType;
import io.onex.host.api.Invocation;
import io.onex.host.api.OnexException;
import io.onex.host.api.SecretResolutionException;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.SecretRef;
import io.onex.testkit.VaultKvServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;

/** Builds bindings, handlers, secrets and invocations for the handler's tests. */
final class VaultCalls {

    static final String NODE = "config_effect";
    static final SecretRef TOKEN_REF = new SecretRef("env:VAULT_TOKEN");

    private VaultCalls() {
    }

    /**
     * Secrets that resolve the token reference to {@code first}, and to {@code refreshed} once
     * read again; counting the reads again.
     */
    static final class TokenSecrets implements Secrets {
        private final String first;
        private final String refreshed;
        final AtomicInteger refreshes = new AtomicInteger();

        TokenSecrets(String first, String refreshed) {
            this.first = first;
            this.refreshed = refreshed;
        }

        @Override
        public String apply(SecretRef ref) {
            if (!ref.equals(TOKEN_REF)) {
                throw new SecretResolutionException("secret " + ref + " is not set");
            }
            return refreshes.get() == 0 ? first : refreshed;
        }

        @Override
        public String refresh(SecretRef ref) {
            refreshes.incrementAndGet();
            return apply(ref);
        }
    }

    /** Returns a binding whose Vault timeouts (config open/read_timeout_ms, unless set) are {@code timeout}. */
    static HandlerBinding binding(Duration timeout, Map<String, Object> config) {
        config = new LinkedHashMap<>(config);
        config.putIfAbsent("open_timeout_ms", timeout.toMillis());
        config.putIfAbsent("read_timeout_ms", timeout.toMillis());
        return new HandlerBinding(HandlerType.of("vault"), "vault", true, true, Optional.of(timeout), Optional.empty(),
                OptionalDouble.empty(), Optional.empty(), Optional.empty(), config);
    }

    static Map<String, Object> config(VaultKvServer server) {
        return config(server.address());
    }

    static Map<String, Object> config(String address) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("address", address);
        config.put("token", TOKEN_REF);
        return config;
    }

    /** Returns an initialised handler on {@code server} with its root token and a 5 s timeout. */
    static VaultHandler handler(VaultKvServer server) {
        return handler(config(server), Duration.ofSeconds(5), new TokenSecrets(server.rootToken(), server.rootToken()));
    }

    static VaultHandler handler(Map<String, Object> config, Duration timeout, Secrets secrets) {
        VaultHandler handler = VaultHandler.create(binding(timeout, config), secrets);
        handler.initialize();
        return handler;
    }

    static Invocation call(String operation, Map<String, Object> payload) {
        return call(operation, payload, List.of());
    }

    static Invocation call(String operation, Map<String, Object> payload, List<String> targets) {
        return new Invocation(Envelope.request(NODE, HandlerType.of("vault"), operation, payload), NODE, "vault", targets);
    }

    /** Returns a mutable payload of alternating keys and values. */
    static Map<String, Object> payload(Object... keysAndValues) {
        Map<String, Object> payload = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            payload.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return payload;
    }

    /** Runs {@code call}, which must fail, and returns the host error it raised. */
    static OnexException failure(Runnable call) {
        try {
            call.run();
        } catch (OnexException e) {
            return e;
        }
        throw Assertions.<AssertionError>fail("the call succeeded");
    }
}
