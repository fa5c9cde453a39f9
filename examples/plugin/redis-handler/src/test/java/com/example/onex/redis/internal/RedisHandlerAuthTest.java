package com.example.onex.redis.internal;

import static com.example.onex.redis.internal.RedisCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.OnexException;
import io.onex.host.api.contract.SecretRef;
import io.onex.testkit.RedisServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A Redis that requires a password (requirepass): AUTH through Secrets, rotation, refusal. */
class RedisHandlerAuthTest {

    private static final String PASSWORD = "s3cret-" + java.util.UUID.randomUUID();
    private static final SecretRef REF = new SecretRef("env:REDIS_PASSWORD");
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.createWithPassword(PASSWORD);
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    private static Handler handler(RedisCalls.RotatingSecrets secrets) {
        return RedisCalls.handler(RedisCalls.binding(Map.of("url", redis.url(), "password", REF), Duration.ofSeconds(5)),
                secrets);
    }

    @Test
    void theRightPasswordAuthenticatesEveryNewConnection() {
        RedisCalls.RotatingSecrets secrets = new RedisCalls.RotatingSecrets(PASSWORD, "unused");
        Handler handler = handler(secrets);

        assertThat(call(handler, "redis.set", "key", "auth:1", "value", "v")).containsEntry("ok", true);
        assertThat(redis.cli("GET", "auth:1")).isEqualTo("v");
        assertThat(secrets.refreshed).hasValue(0);
        handler.shutdown();
    }

    @Test
    void aRotatedPasswordIsReadAgainOnceAndThenUsed() {
        RedisCalls.RotatingSecrets secrets = new RedisCalls.RotatingSecrets("the-old-one", PASSWORD);
        Handler handler = handler(secrets);

        assertThat(call(handler, "redis.incr", "key", "auth:n")).containsEntry("value", 1L);
        assertThat(secrets.refreshed).hasValue(1);
        handler.shutdown();
    }

    @Test
    void aWrongPasswordIsAnAuthenticationErrorThatNamesNoPassword() {
        String wrong = "wrong-" + java.util.UUID.randomUUID();
        RedisCalls.RotatingSecrets secrets = new RedisCalls.RotatingSecrets(wrong, wrong);
        Handler handler = handler(secrets);

        assertThatThrownBy(() -> call(handler, "redis.get", "key", "auth:1"))
                .isInstanceOfSatisfying(OnexException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_ERROR);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("refused the password", "cache")
                            .doesNotContain(wrong).doesNotContain(PASSWORD);
                    assertThat(e.details().toString()).doesNotContain(wrong);
                });
        assertThat(secrets.refreshed).hasValue(1);
        HandlerHealth checked = handler.check().orElseThrow();
        assertThat(checked.healthy()).isFalse();
        assertThat(checked.details().toString()).contains("AUTHENTICATION_ERROR").doesNotContain(wrong);
        handler.shutdown();
    }

    @Test
    void noPasswordForARedisThatRequiresOneSaysToSetIt() {
        Handler handler = RedisCalls.handler(redis.url());

        assertThatThrownBy(() -> call(handler, "redis.get", "key", "auth:1"))
                .isInstanceOfSatisfying(OnexException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_ERROR);
                    assertThat(e.getMessage()).contains("NOAUTH", "set config.password");
                });
        handler.shutdown();
    }

    @Test
    void aMissingSecretStopsTheBuild() {
        assertThatThrownBy(() -> new RedisHandlerFactory().create(
                RedisCalls.binding(Map.of("url", redis.url(), "password", REF), Duration.ofSeconds(5)),
                ref -> {
                    throw new io.onex.host.api.SecretResolutionException("no value for " + ref.reference());
                }))
                .isInstanceOfSatisfying(OnexException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SECRET_RESOLUTION_ERROR));
    }
}
