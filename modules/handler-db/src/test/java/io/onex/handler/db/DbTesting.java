package io.onex.handler.db;

import io.onex.host.api.Envelope;
import io.onex.host.api.HandlerType;
import io.onex.host.api.Invocation;
import io.onex.host.api.OnexException;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.SecretRef;
import io.onex.testkit.PostgresAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.assertj.core.api.Assertions;

/** Builds db handlers and invocations for tests. */
final class DbTesting {

    static final SecretRef PASSWORD_REF = new SecretRef("env:TEST_DB_PASSWORD");

    private DbTesting() {
    }

    /** Returns a binding's config pointing at {@code address}, with {@code overrides} on top. */
    static Map<String, Object> config(PostgresAddress address, Map<String, Object> overrides) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("url", address.r2dbcUrl());
        config.put("username", address.user());
        config.put("password", PASSWORD_REF);
        // Opening a connection (TCP, TLS negotiation, SCRAM) can take seconds on a loaded build
        // machine; the default 2 s wait for a connection would then fail tests that are not about it.
        config.put("acquire_timeout_ms", 20_000);
        config.putAll(overrides);
        return config;
    }

    /** Returns a db binding named {@code db} with the given config and no timeout of its own. */
    static HandlerBinding binding(Map<String, Object> config) {
        return binding(config, Optional.empty());
    }

    static HandlerBinding binding(Map<String, Object> config, Optional<Duration> timeout) {
        return new HandlerBinding(HandlerType.of("db"), "db", true, true, timeout, Optional.empty(),
                OptionalDouble.empty(), Optional.empty(), Optional.empty(), config);
    }

    /** Returns a lookup that knows only the test password reference. */
    static Secrets secrets(String password) {
        return ref -> {
            Assertions.assertThat(ref).isEqualTo(PASSWORD_REF);
            return password;
        };
    }

    /** Builds and initialises a handler for {@code address}. */
    static DbHandler start(PostgresAddress address, Map<String, Object> overrides) {
        DbHandler handler = DbHandler.create(binding(config(address, overrides)), secrets(address.password()));
        handler.initialize();
        return handler;
    }

    static Invocation invocation(String operation, Map<String, Object> payload) {
        return invocation(operation, payload, List.of());
    }

    static Invocation invocation(String operation, Map<String, Object> payload, List<String> targets) {
        return new Invocation(Envelope.request("orders", HandlerType.of("db"), operation, payload), "orders", "db", targets);
    }

    static Map<String, Object> sql(String sql, Object... parameters) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("sql", sql);
        payload.put("parameters", java.util.Arrays.asList(parameters));
        return payload;
    }

    static Map<String, Object> query(DbHandler handler, String sql, Object... parameters) {
        return handler.execute(invocation("db.query", sql(sql, parameters)));
    }

    static Map<String, Object> execute(DbHandler handler, String sql, Object... parameters) {
        return handler.execute(invocation("db.execute", sql(sql, parameters)));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rows(Map<String, Object> response) {
        return (List<Map<String, Object>>) response.get("rows");
    }

    /** Returns the exception a call throws, failing if it returns. */
    static OnexException failure(DbHandler handler, String operation, Map<String, Object> payload) {
        return failure(handler, invocation(operation, payload));
    }

    static OnexException failure(DbHandler handler, Invocation invocation) {
        try {
            Map<String, Object> response = handler.execute(invocation);
            throw new AssertionError("expected a failure but got " + response);
        } catch (OnexException e) {
            return e;
        }
    }
}
