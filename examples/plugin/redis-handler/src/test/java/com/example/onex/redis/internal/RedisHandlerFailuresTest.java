package com.example.onex.redis.internal;

import static com.example.onex.redis.internal.RedisCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.Handler;
import io.onex.host.api.OnexException;
import io.onex.testkit.RedisServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests the handler refuses, and Redis failures mapped to the host's error codes. */
class RedisHandlerFailuresTest {

    @Test
    void aKeyOutsideTheNodesTargetsIsNotAllowedAndNothingIsWritten() {
        try (RedisServer redis = RedisServer.create()) {
            Handler handler = RedisCalls.handler(redis.url());
            List<String> targets = List.of("session:", "cart:");

            assertThat(call(handler, targets, "redis.set", "key", "cart:7", "value", "x")).containsEntry("ok", true);
            for (String operation : List.of("redis.get", "redis.set", "redis.del", "redis.incr")) {
                Object[] fields = operation.equals("redis.set") ? new Object[] {"key", "user:7", "value", "x"}
                        : new Object[] {"key", "user:7"};
                assertThatThrownBy(() -> call(handler, targets, operation, fields))
                        .as(operation)
                        .isInstanceOfSatisfying(OnexException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
                            assertThat(e.getMessage()).contains("sessions", "user:7", "[session:, cart:]");
                        });
            }
            assertThat(redis.cli("EXISTS", "user:7")).isEqualTo("0");
            handler.shutdown();
        }
    }

    @Test
    void payloadMistakesAreEnvelopeValidationErrorsNamingTheField() throws Exception {
        // Refused before any connection: no server is needed.
        Handler handler = RedisCalls.handler("redis://127.0.0.1:" + closedPort());
        Map<String, List<Object>> cases = Map.of(
                "payload.key is required", List.of("redis.get"),
                "payload.key must be a non-empty text", List.of("redis.get", "key", 5),
                "payload.value is required", List.of("redis.set", "key", "k"),
                "payload.value must be a text", List.of("redis.set", "key", "k", "value", 5),
                "payload.ttl_seconds must be a whole number from 1", List.of("redis.set", "key", "k", "value", "v",
                        "ttl_seconds", 0),
                "payload.by must be a whole number", List.of("redis.incr", "key", "k", "by", 1.5),
                "payload.colour is not a field of redis.get", List.of("redis.get", "key", "k", "colour", "red"));
        for (Map.Entry<String, List<Object>> example : cases.entrySet()) {
            List<Object> request = example.getValue();
            assertThatThrownBy(() -> call(handler, (String) request.getFirst(), request.subList(1, request.size()).toArray()))
                    .as(example.getKey())
                    .isInstanceOfSatisfying(OnexException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
                        assertThat(e.getMessage()).contains(example.getKey());
                    });
        }
        handler.shutdown();
    }

    @Test
    void anOperationOfAnotherKindIsInvalid() throws Exception {
        Handler handler = RedisCalls.handler("redis://127.0.0.1:" + closedPort());

        assertThatThrownBy(() -> call(handler, "redis.flushall"))
                .isInstanceOfSatisfying(OnexException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OPERATION));
        handler.shutdown();
    }

    @Test
    void aValueOverMaxValueBytesIsRefusedBothWays() {
        try (RedisServer redis = RedisServer.create()) {
            Handler handler = RedisCalls.handler(RedisCalls.binding(Map.of("url", redis.url(), "max_value_bytes", 16),
                    Duration.ofSeconds(5)), ref -> "");
            assertThatThrownBy(() -> call(handler, "redis.set", "key", "k", "value", "x".repeat(17)))
                    .isInstanceOfSatisfying(OnexException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR));
            redis.cli("SET", "big", "y".repeat(17));

            assertThatThrownBy(() -> call(handler, "redis.get", "key", "big"))
                    .isInstanceOfSatisfying(OnexException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
                        assertThat(e.getMessage()).contains("17 bytes", "max_value_bytes (16)");
                    });
            // The oversized reply was not read on: the next call gets a fresh connection, in step.
            assertThat(call(handler, "redis.set", "key", "k", "value", "small")).containsEntry("ok", true);
            handler.shutdown();
        }
    }

    @Test
    void aRedisThatIsDownIsARetryableConnectionError() {
        RedisServer redis = RedisServer.create();
        Handler handler = RedisCalls.handler(redis.url());
        call(handler, "redis.set", "key", "k", "value", "v");
        redis.close();

        for (String operation : List.of("redis.get", "redis.del")) {
            assertThatThrownBy(() -> call(handler, operation, "key", "k"))
                    .as(operation)
                    .isInstanceOfSatisfying(OnexException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION_ERROR);
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.getMessage()).contains("redis://127.0.0.1:");
                    });
        }
        handler.shutdown();
    }

    @Test
    void aRedisThatComesBackIsUsedAgain() {
        try (RedisServer redis = RedisServer.create()) {
            Handler handler = RedisCalls.handler(redis.url());
            call(handler, "redis.set", "key", "k", "value", "v");
            redis.stop();
            assertThatThrownBy(() -> call(handler, "redis.get", "key", "k")).isInstanceOf(OnexException.class);
            redis.start();

            assertThat(call(handler, "redis.set", "key", "k", "value", "again")).containsEntry("ok", true);
            assertThat(call(handler, "redis.incr", "key", "n")).containsEntry("value", 1L);
            handler.shutdown();
        }
    }

    /**
     * A server that accepts connections and never answers stands for a hung Redis: a real
     * redis-server cannot be made to hang on demand without stopping the test's own process.
     */
    @Test
    void aRedisThatDoesNotAnswerIsATimeoutWithinTheBindingsTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            Handler handler = RedisCalls.handler(RedisCalls.binding(Map.of("url", "redis://127.0.0.1:" + silent.getLocalPort()),
                    Duration.ofMillis(300)), ref -> "");

            assertThatThrownBy(() -> call(handler, "redis.incr", "key", "n"))
                    .isInstanceOfSatisfying(OnexException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
                        assertThat(e.getMessage()).contains("no answer from Redis within the binding's timeout of 300 ms");
                        // INCR may have counted: a retry could count twice.
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.details()).containsKey("outcome");
                    });
            assertThatThrownBy(() -> call(handler, "redis.get", "key", "n"))
                    .isInstanceOfSatisfying(OnexException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
                        assertThat(e.retryable()).isTrue();
                    });
            handler.shutdown();
            silent.close();
            acceptor.join(5_000);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
