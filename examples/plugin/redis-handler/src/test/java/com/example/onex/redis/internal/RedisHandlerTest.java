package com.example.onex.redis.internal;

import static com.example.onex.redis.internal.RedisCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.Handler;
import io.onex.host.api.OnexException;
import io.onex.testkit.RedisServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The four operations against a real redis-server, each checked with redis-cli. */
class RedisHandlerTest {

    private static RedisServer redis;
    private static Handler handler;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.create();
        handler = RedisCalls.handler(redis.url());
    }

    @AfterAll
    static void stopRedis() {
        if (handler != null) {
            handler.shutdown();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void emptyRedis() {
        redis.cli("FLUSHALL");
    }

    @Test
    void setWritesTheValueAndAnswersOk() {
        assertThat(call(handler, "redis.set", "key", "session:1", "value", "ada")).isEqualTo(Map.of("ok", true));

        assertThat(redis.cli("GET", "session:1")).isEqualTo("ada");
        assertThat(redis.cli("TTL", "session:1")).isEqualTo("-1");
    }

    @Test
    void setWithTtlSecondsMakesTheKeyExpire() {
        call(handler, "redis.set", "key", "session:2", "value", "x", "ttl_seconds", 300);

        assertThat(Long.parseLong(redis.cli("TTL", "session:2"))).isBetween(1L, 300L);
    }

    @Test
    void getAnswersTheValueOrNullWhenTheKeyIsAbsent() {
        redis.cli("SET", "session:3", "grüße");

        assertThat(call(handler, "redis.get", "key", "session:3")).containsEntry("value", "grüße");
        assertThat(call(handler, "redis.get", "key", "session:none")).containsEntry("value", null).hasSize(1);
    }

    @Test
    void delAnswersHowManyKeysItDeleted() {
        redis.cli("SET", "session:4", "x");

        assertThat(call(handler, "redis.del", "key", "session:4")).isEqualTo(Map.of("deleted", 1L));
        assertThat(call(handler, "redis.del", "key", "session:4")).isEqualTo(Map.of("deleted", 0L));
        assertThat(redis.cli("EXISTS", "session:4")).isEqualTo("0");
    }

    @Test
    void incrAddsOneOrByAndAnswersTheNewValue() {
        assertThat(call(handler, "redis.incr", "key", "count:a")).isEqualTo(Map.of("value", 1L));
        assertThat(call(handler, "redis.incr", "key", "count:a", "by", 41)).isEqualTo(Map.of("value", 42L));
        assertThat(call(handler, "redis.incr", "key", "count:a", "by", -2)).isEqualTo(Map.of("value", 40L));

        assertThat(redis.cli("GET", "count:a")).isEqualTo("40");
    }

    @Test
    void manyCallsAtOnceShareThePoolAndAllSucceed() throws Exception {
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            threads.add(Thread.ofVirtual().start(() -> call(handler, "redis.incr", "key", "count:many")));
        }
        for (Thread thread : threads) {
            thread.join(30_000);
        }

        assertThat(redis.cli("GET", "count:many")).isEqualTo("50");
        assertThat(((Number) handler.health().details().get("open_connections")).intValue())
                .isBetween(1, RedisSettings.DEFAULT_POOL_SIZE);
    }

    @Test
    void aKeyOfAnotherTypeIsAHandlerExecutionError() {
        redis.cli("LPUSH", "session:list", "a");

        assertThatThrownBy(() -> call(handler, "redis.get", "key", "session:list"))
                .isInstanceOfSatisfying(OnexException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
                    assertThat(e.getMessage()).contains("WRONGTYPE");
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void incrementingTextIsAHandlerExecutionErrorWithRedissReason() {
        redis.cli("SET", "count:text", "abc");

        assertThatThrownBy(() -> call(handler, "redis.incr", "key", "count:text"))
                .isInstanceOfSatisfying(OnexException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
                    assertThat(e.getMessage()).contains("not an integer");
                });
    }

    @Test
    void theDatabaseOfTheUrlIsSelected() {
        Handler db3 = RedisCalls.handler(redis.url() + "/3");
        try {
            call(db3, "redis.set", "key", "k", "value", "in three");

            assertThat(redis.cli("-n", "3", "GET", "k")).isEqualTo("in three");
            assertThat(redis.cli("EXISTS", "k")).isEqualTo("0");
        } finally {
            db3.shutdown();
        }
    }

    @Test
    void aPooledConnectionThatRedisDroppedIsReplacedForAnIdempotentCall() {
        call(handler, "redis.set", "key", "session:5", "value", "before");
        redis.cli("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");

        assertThat(call(handler, "redis.get", "key", "session:5")).containsEntry("value", "before");
    }
}
