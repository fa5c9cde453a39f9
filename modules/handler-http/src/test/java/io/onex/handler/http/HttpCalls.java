package io.onex.handler.http;

import io.onex.host.api.Envelope;
import io.onex.host.api.HandlerType;
import io.onex.host.api.Invocation;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.HandlerBinding;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Builds bindings, handlers and invocations for the handler's tests. */
final class HttpCalls {

    static final String NODE = "user_service_effect";

    /** Resolves {@code env:NAME} references from a fixed table, as wiring would from the environment. */
    static final Secrets SECRETS = ref -> switch (ref.reference()) {
        case "env:API_TOKEN" -> "Bearer s3cr3t-t0ken";
        case "env:API_KEY" -> "k3y-value";
        default -> throw new io.onex.host.api.SecretResolutionException("secret " + ref + " is not set");
    };

    private HttpCalls() {
    }

    static HandlerBinding binding(Duration timeout, Map<String, Object> config) {
        return new HandlerBinding(HandlerType.of("http"), "http", true, true, Optional.of(timeout), Optional.empty(),
                OptionalDouble.empty(), Optional.empty(), Optional.empty(), config);
    }

    /** Returns an initialised handler with a 5 s timeout and {@code config}. */
    static HttpHandler handler(Map<String, Object> config) {
        return handler(Duration.ofSeconds(5), config);
    }

    /** Returns an initialised handler with {@code timeout} and {@code config}. */
    static HttpHandler handler(Duration timeout, Map<String, Object> config) {
        HttpHandler handler = HttpHandler.create(binding(timeout, config), SECRETS);
        handler.initialize();
        return handler;
    }

    static Invocation call(String operation, Map<String, Object> payload) {
        return call(operation, payload, List.of());
    }

    static Invocation call(String operation, Map<String, Object> payload, List<String> targets) {
        return new Invocation(Envelope.request(NODE, HandlerType.of("http"), operation, payload), NODE, "http", targets);
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
