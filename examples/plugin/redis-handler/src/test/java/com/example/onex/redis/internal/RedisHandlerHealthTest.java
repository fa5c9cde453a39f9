package com.example.onex.redis.internal;

import static com.example.onex.redis.internal.RedisCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.OnexException;
import io.onex.testkit.RedisServer;
import org.junit.jupiter.api.Test;

/** check() (PING), health() and the lifecycle: initialise, shut down exactly once. */
class RedisHandlerHealthTest {

    @Test
    void checkPingsRedisAndFollowsItDownAndUpAgain() {
        try (RedisServer redis = RedisServer.create()) {
            Handler handler = RedisCalls.handler(redis.url());
            assertThat(handler.check()).hasValueSatisfying(health -> assertThat(health.healthy()).isTrue());

            redis.stop();
            HandlerHealth down = handler.check().orElseThrow();
            assertThat(down.healthy()).isFalse();
            assertThat(down.details().get("error").toString()).startsWith("CONNECTION_ERROR");

            redis.start();
            assertThat(handler.check()).hasValueSatisfying(health -> assertThat(health.healthy()).isTrue());
            handler.shutdown();
        }
    }

    @Test
    void healthIsCheapAndNamesNoSecret() {
        Handler handler = RedisCalls.handler("redis://127.0.0.1:1/2");

        HandlerHealth health = handler.health();

        assertThat(health.healthy()).isTrue();
        assertThat(health.details()).containsEntry("binding", "cache").containsEntry("url", "redis://127.0.0.1:1/2")
                .containsEntry("password", "none").containsEntry("open_connections", 0);
        handler.shutdown();
    }

    @Test
    void shutdownClosesEverythingOnceAndLaterCallsAreRefused() {
        try (RedisServer redis = RedisServer.create()) {
            Handler handler = RedisCalls.handler(redis.url());
            call(handler, "redis.set", "key", "k", "value", "v");
            handler.check();
            assertThat(redis.cli("CLIENT", "LIST").lines().count()).isEqualTo(3); // the pool's, the check's, redis-cli

            handler.shutdown();
            handler.shutdown();

            assertThat(redis.cli("CLIENT", "LIST").lines().count()).isEqualTo(1);
            assertThat(handler.health().healthy()).isFalse();
            assertThat(handler.check()).hasValueSatisfying(health -> assertThat(health.healthy()).isFalse());
            assertThatThrownBy(() -> call(handler, "redis.get", "key", "k"))
                    .isInstanceOfSatisfying(OnexException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
        }
    }

    @Test
    void nothingConnectsBeforeTheFirstCall() {
        try (RedisServer redis = RedisServer.create()) {
            Handler handler = RedisCalls.handler(redis.url());

            assertThat(redis.cli("CLIENT", "LIST").lines().count()).isEqualTo(1);
            handler.shutdown();
        }
    }
}
