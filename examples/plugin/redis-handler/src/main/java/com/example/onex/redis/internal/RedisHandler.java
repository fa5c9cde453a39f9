package com.example.onex.redis.internal;

import io.onex.host.api.Handler;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerExecutionException;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.InvalidOperationException;
import io.onex.host.api.Invocation;
import io.onex.host.api.OnexException;
import io.onex.host.api.Secrets;
import io.onex.host.api.ServiceUnavailableException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The handler of one {@code redis} binding: {@code redis.get}, {@code redis.set}, {@code redis.del}
 * and {@code redis.incr} on the keys each node's {@code targets} allow ({@link KeyPrefixes}).
 *
 * <p>It owns no thread: the host calls {@link #execute} on its own virtual threads, where the
 * blocking socket calls of {@link RedisClient} are cheap, and every wait is bounded by the
 * binding's {@code timeout_ms}. Connections are opened on first use, so a Redis that is down at
 * start-up fails calls (CONNECTION_ERROR) and readiness, not the start.
 */
final class RedisHandler implements Handler {

    private static final List<String> OPERATIONS = RedisHandlerFactory.OPERATIONS.stream()
            .map(HandlerDescription.Operation::name).toList();

    private final RedisSettings settings;
    private final Secrets secrets;
    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final AtomicBoolean shutDown = new AtomicBoolean();
    private final ReentrantLock checking = new ReentrantLock();
    private volatile RedisClient client;
    private RedisConnection checkConnection; // guarded by checking

    private RedisHandler(RedisSettings settings, Secrets secrets) {
        this.settings = settings;
        this.secrets = secrets;
    }

    /**
     * Builds the handler. The password reference is resolved once now, so a missing secret stops
     * start-up with SECRET_RESOLUTION_ERROR; each new connection reads it again through
     * {@code secrets}. Nothing connects yet.
     */
    static RedisHandler create(RedisSettings settings, Secrets secrets) {
        settings.password().ifPresent(secrets::apply);
        return new RedisHandler(settings, secrets);
    }

    /** Prepares the connection pool; connections open on first use. */
    @Override
    public void initialize() {
        client = new RedisClient(settings, secrets);
    }

    @Override
    public Map<String, Object> execute(Invocation invocation) {
        calls.increment();
        try {
            String operation = invocation.operation();
            if (!OPERATIONS.contains(operation)) {
                throw new InvalidOperationException("the redis handler does not support '" + operation
                        + "'; it supports " + String.join(", ", OPERATIONS));
            }
            RedisClient ready = client;
            if (ready == null || shutDown.get()) {
                throw new ServiceUnavailableException(operation + ": redis binding '" + settings.binding() + "' is "
                        + (shutDown.get() ? "shut down" : "not initialised"));
            }
            String call = operation + " on binding '" + settings.binding() + "'";
            Map<String, Object> payload = invocation.payload();
            return switch (operation) {
                case "redis.get" -> get(ready, call, invocation, RedisPayload.of(operation, payload, List.of("key")));
                case "redis.set" -> set(ready, call, invocation,
                        RedisPayload.of(operation, payload, List.of("key", "value", "ttl_seconds")));
                case "redis.del" -> del(ready, call, invocation, RedisPayload.of(operation, payload, List.of("key")));
                default -> incr(ready, call, invocation, RedisPayload.of(operation, payload, List.of("key", "by")));
            };
        } catch (OnexException e) {
            failures.increment();
            throw e;
        }
    }

    private static String allowedKey(Invocation invocation, RedisPayload payload) {
        String key = payload.key();
        KeyPrefixes.check(invocation.operation(), invocation.node(), key, invocation.targets());
        return key;
    }

    private Map<String, Object> get(RedisClient redis, String call, Invocation invocation, RedisPayload payload) {
        String key = allowedKey(invocation, payload);
        Reply reply = redis.call(call, List.of("GET", key), true);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("value", switch (reply) {
            case Reply.Nil nil -> null;
            case Reply.Bulk bulk -> text(call, bulk.bytes());
            default -> throw unexpected(call, reply);
        });
        return response;
    }

    private Map<String, Object> set(RedisClient redis, String call, Invocation invocation, RedisPayload payload) {
        String key = allowedKey(invocation, payload);
        String value = payload.value(settings.maxValueBytes());
        Optional<Long> ttl = payload.whole("ttl_seconds", 1, Integer.MAX_VALUE);
        List<String> command = new ArrayList<>(List.of("SET", key, value));
        ttl.ifPresent(seconds -> command.addAll(List.of("EX", Long.toString(seconds))));
        Reply reply = redis.call(call, command, true);
        if (!(reply instanceof Reply.Status status) || !status.text().equals("OK")) {
            throw unexpected(call, reply);
        }
        return Map.of("ok", true);
    }

    private Map<String, Object> del(RedisClient redis, String call, Invocation invocation, RedisPayload payload) {
        String key = allowedKey(invocation, payload);
        if (!(redis.call(call, List.of("DEL", key), true) instanceof Reply.Int deleted)) {
            throw unexpected(call, null);
        }
        return Map.of("deleted", deleted.value());
    }

    private Map<String, Object> incr(RedisClient redis, String call, Invocation invocation, RedisPayload payload) {
        String key = allowedKey(invocation, payload);
        long by = payload.whole("by", Long.MIN_VALUE, Long.MAX_VALUE).orElse(1L);
        // Not idempotent: a call that failed after sending may have counted (see RedisClient.call).
        if (!(redis.call(call, List.of("INCRBY", key, Long.toString(by)), false) instanceof Reply.Int value)) {
            throw unexpected(call, null);
        }
        return Map.of("value", value.value());
    }

    private static String text(String call, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new HandlerExecutionException(call + ": the value is not UTF-8 text (it was not written by"
                    + " redis.set); this handler reads text values only");
        }
    }

    private static OnexException unexpected(String call, Reply reply) {
        String kind = reply == null ? "another" : reply.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        return new HandlerExecutionException(call + ": Redis answered with a reply of an unexpected kind (" + kind + ")");
    }

    /**
     * Sends PING on a connection of its own, within the binding's timeout; called by the host, at
     * most one at a time. Healthy on PONG; an unreachable Redis or a refused password makes it
     * unhealthy, with the error's code and message, never throwing.
     */
    @Override
    public Optional<HandlerHealth> check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("probe", "PING");
        details.put("url", settings.url().toString());
        if (client == null || shutDown.get()) {
            details.put("error", "the binding is " + (shutDown.get() ? "shut down" : "not initialised"));
            return Optional.of(HandlerHealth.unhealthy(details));
        }
        if (!checking.tryLock()) {
            details.put("error", "a check is still running");
            return Optional.of(HandlerHealth.unhealthy(details));
        }
        try {
            String call = "health check of binding '" + settings.binding() + "'";
            long deadline = System.nanoTime() + settings.timeout().toNanos();
            if (checkConnection == null) {
                checkConnection = client.openOwn(call, deadline);
            }
            Reply reply = checkConnection.call(deadline, List.of("PING"));
            if (reply instanceof Reply.Status status && status.text().equals("PONG")) {
                return Optional.of(HandlerHealth.healthy(details));
            }
            closeCheckConnection();
            details.put("error", reply instanceof Reply.Error error
                    ? RedisFailures.reply(call, error, settings).getMessage()
                    : "Redis answered PING with something else than PONG");
            return Optional.of(HandlerHealth.unhealthy(details));
        } catch (java.io.IOException e) {
            closeCheckConnection();
            OnexException failure = RedisFailures.io("health check", e, settings, false);
            details.put("error", failure.code().name() + ": " + failure.getMessage());
            return Optional.of(HandlerHealth.unhealthy(details));
        } catch (OnexException e) {
            closeCheckConnection();
            details.put("error", e.code().name() + ": " + e.getMessage());
            return Optional.of(HandlerHealth.unhealthy(details));
        } finally {
            checking.unlock();
        }
    }

    private void closeCheckConnection() {
        if (checkConnection != null) {
            checkConnection.close();
            checkConnection = null;
        }
    }

    /** Reports settings and counters without any I/O; the password appears only as whether one is set. */
    @Override
    public HandlerHealth health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("binding", settings.binding());
        details.put("url", settings.url().toString());
        details.put("password", settings.password().isPresent() ? "configured" : "none");
        details.put("pool_size", settings.poolSize());
        details.put("timeout_ms", settings.timeout().toMillis());
        details.put("calls", calls.sum());
        details.put("failures", failures.sum());
        RedisClient ready = client;
        if (ready != null) {
            details.put("open_connections", ready.pool().openConnections());
            details.put("idle_connections", ready.pool().idleConnections());
        }
        if (shutDown.get()) {
            details.put("state", "shut down");
            return HandlerHealth.unhealthy(details);
        }
        if (ready == null) {
            details.put("state", "not initialised");
            return HandlerHealth.unhealthy(details);
        }
        return HandlerHealth.healthy(details);
    }

    /** Closes every connection, once; a call still in flight fails with CONNECTION_ERROR. */
    @Override
    public void shutdown() {
        if (!shutDown.compareAndSet(false, true)) {
            return;
        }
        RedisClient ready = client;
        if (ready != null) {
            ready.close();
        }
        // A check in progress holds the lock; its connection is closed under it so neither leaks.
        checking.lock();
        try {
            closeCheckConnection();
        } finally {
            checking.unlock();
        }
    }

    @Override
    public String toString() {
        return "RedisHandler[" + settings.binding() + "]";
    }
}
