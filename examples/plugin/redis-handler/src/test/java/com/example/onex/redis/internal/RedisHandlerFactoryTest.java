package com.example.onex.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.onex.redis.RedisHandlers;
import io.onex.host.api.ConfigSchema;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.OnexException;
import io.onex.host.api.contract.Environment;
import io.onex.host.api.contract.SecretRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The factory's self-description, its contract check, and the url rule. */
class RedisHandlerFactoryTest {

    private final HandlerFactory factory = RedisHandlers.factory();

    @Test
    void describesTheRedisTypeForThisSpiVersion() {
        assertThat(factory.type()).isEqualTo("redis");
        assertThat(factory.spiVersion()).isEqualTo(HandlerFactory.SPI_VERSION);
        assertThat(factory.devOnly()).isFalse();
        assertThat(factory.operations()).extracting(HandlerDescription.Operation::name)
                .containsExactly("redis.get", "redis.set", "redis.del", "redis.incr");
        assertThat(factory.operations().get(1).optionalFields()).containsExactly("ttl_seconds");
    }

    @Test
    void theConfigSchemaHasARequiredUrlAndASecretPassword() {
        ConfigSchema schema = factory.configSchema();

        assertThat(schema.keys()).extracting(ConfigSchema.Key::name)
                .containsExactly("url", "password", "pool_size", "max_value_bytes");
        assertThat(schema.key("url").orElseThrow().required()).isTrue();
        assertThat(schema.key("password").orElseThrow().kind()).isEqualTo(ConfigSchema.Kind.SECRET);
        assertThat(schema.key("pool_size").orElseThrow().fallback()).contains(4);
        assertThat(schema.keys()).allSatisfy(key -> assertThat(key.description()).isNotBlank());
    }

    @Test
    void theUrlCheckAcceptsRedisUrlsAndRefusesOthersWithoutQuotingThem() {
        ConfigSchema.TextCheck check = factory.configSchema().key("url").orElseThrow().check().orElseThrow();

        for (String good : List.of("redis://127.0.0.1:6379", "redis://cache.internal", "redis://localhost:6380/15",
                "redis://[::1]:6379/0", "redis://10.0.0.1/")) {
            assertThat(check.check(good)).as(good).isEmpty();
        }
        Map<String, String> bad = Map.of(
                "http://127.0.0.1:6379", "must start with redis://",
                "rediss://127.0.0.1:6379", "TLS",
                "redis://:hunter2@127.0.0.1:6379", "must not hold credentials",
                "redis://127.0.0.1:99999", "port from 1 to 65535",
                "redis://127.0.0.1:6379/16", "database from 0 to 15",
                "redis://127.0.0.1:6379?timeout=1", "must have the form");
        bad.forEach((url, problem) -> assertThat(check.check(url)).as(url).hasValueSatisfying(violation -> {
            assertThat(violation.problem()).contains(problem);
            assertThat(violation.problem() + violation.fix()).doesNotContain("hunter2").doesNotContain(url);
            assertThat(violation.fix()).contains("redis://host:port[/db]");
        }));
    }

    @Test
    void aLiteralPasswordIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> factory.create(RedisCalls.binding(Map.of("url", "redis://127.0.0.1", "password", "hunter2"),
                Duration.ofSeconds(1)), ref -> ""))
                .isInstanceOfSatisfying(OnexException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PROTOCOL_CONFIGURATION_ERROR);
                    assertThat(e.getMessage()).contains("config.password must be a secret reference").doesNotContain("hunter2");
                });
    }

    @Test
    void inProdANodeWithoutTargetsGetsAWarning() {
        var binding = RedisCalls.binding(Map.of("url", "redis://127.0.0.1", "password", new SecretRef("env:X")),
                Duration.ofSeconds(1));
        List<HandlerFactory.NodeUse> uses = List.of(
                new HandlerFactory.NodeUse("sessions", List.of("redis.get"), List.of("session:")),
                new HandlerFactory.NodeUse("reports", List.of("redis.get"), List.of()));

        assertThat(factory.check(binding, uses, Environment.DEV)).isEmpty();
        assertThat(factory.check(binding, uses, Environment.PROD)).singleElement().satisfies(finding -> {
            assertThat(finding.error()).isFalse();
            assertThat(finding.message()).contains("'reports'", "'cache'", "no targets");
        });
    }
}
