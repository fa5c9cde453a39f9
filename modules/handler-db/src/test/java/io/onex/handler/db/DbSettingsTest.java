package io.onex.handler.db;

import static io.onex.handler.db.DbTesting.PASSWORD_REF;
import static io.onex.handler.db.DbTesting.binding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.SecretResolutionException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DbSettingsTest {

    private static Map<String, Object> config(Object... entries) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("url", "r2dbc:postgresql://db.internal:6543/orders");
        config.put("username", "orders_app");
        config.put("password", PASSWORD_REF);
        for (int i = 0; i < entries.length; i += 2) {
            config.put((String) entries[i], entries[i + 1]);
        }
        return config;
    }

    private static DbSettings read(Map<String, Object> config) {
        return DbSettings.from(binding(config), ref -> "s3cret-value");
    }

    private static void refuses(Map<String, Object> config, String reason) {
        assertThatThrownBy(() -> read(config)).isInstanceOf(ProtocolConfigurationException.class)
                .hasMessageStartingWith("db binding 'db': ").hasMessageContaining(reason)
                .hasMessageNotContaining("s3cret").hasMessageNotContaining("hunter2");
    }

    @Test
    void aMinimalConfigGetsTheDocumentedDefaults() {
        DbSettings config = read(config());
        assertThat(config.host()).isEqualTo("db.internal");
        assertThat(config.port()).isEqualTo(6543);
        assertThat(config.database()).isEqualTo("orders");
        assertThat(config.username()).isEqualTo("orders_app");
        assertThat(config.password()).contains("s3cret-value");
        assertThat(config.poolSize()).isEqualTo(5);
        assertThat(config.acquireTimeout()).isEqualTo(Duration.ofMillis(2_000));
        assertThat(config.statementTimeout()).isEqualTo(Duration.ofMillis(30_000));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(5_000));
        assertThat(config.maxIdle()).isEqualTo(Duration.ofMillis(1_800_000));
        assertThat(config.sslMode()).isEqualTo("prefer");
        assertThat(config.sslRootCert()).isEmpty();
        assertThat(config.nodeRoles()).isEmpty();
        assertThat(config.maxRows()).isEqualTo(10_000);
        assertThat(config.maxResultBytes()).isEqualTo(8 * 1024 * 1024);
        assertThat(config.exposeDatabaseErrors()).isFalse();
        assertThat(config.callTimeout()).isEmpty();
    }

    @Test
    void everyKeyIsRead() {
        DbSettings config = DbSettings.from(DbTesting.binding(config("pool_size", 9, "acquire_timeout_ms", 150L,
                "statement_timeout_ms", new java.math.BigDecimal("700"), "connect_timeout_ms", 900,
                "max_idle_ms", 60_000, "ssl_mode", "verify-full", "max_rows", 50, "max_result_bytes", 4096,
                "expose_database_errors", true), Optional.of(Duration.ofSeconds(3))), ref -> "pw");
        assertThat(config.poolSize()).isEqualTo(9);
        assertThat(config.acquireTimeout()).isEqualTo(Duration.ofMillis(150));
        assertThat(config.statementTimeout()).isEqualTo(Duration.ofMillis(700));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(900));
        assertThat(config.maxIdle()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.sslMode()).isEqualTo("verify-full");
        assertThat(config.callTimeout()).contains(Duration.ofSeconds(3));
        assertThat(config.maxRows()).isEqualTo(50);
        assertThat(config.maxResultBytes()).isEqualTo(4096);
        assertThat(config.exposeDatabaseErrors()).isTrue();
    }

    @Test
    void thePortDefaultsTo5432AndIpv6HostsLoseTheirBrackets() {
        assertThat(read(config("url", "r2dbc:postgresql://db/orders")).port()).isEqualTo(5432);
        DbSettings v6 = read(config("url", "r2dbc:postgresql://[::1]:5433/orders"));
        assertThat(v6.host()).isEqualTo("::1");
        assertThat(v6.target()).isEqualTo("[::1]:5433/orders");
    }

    @Test
    void theStringFormNeverShowsThePassword() {
        assertThat(read(config()).toString()).doesNotContain("s3cret").contains("password=***");
    }

    @Test
    void aUrlWithCredentialsIsRefusedWithoutQuotingIt() {
        refuses(config("url", "r2dbc:postgresql://app:hunter2@db/orders"), "must not carry a password");
        refuses(config("url", "r2dbc:postgresql://app%3Ahunter2@db/orders"), "must not carry a password");
    }

    @Test
    void aUserNameInTheUrlIsAcceptedAndMustAgreeWithUsername() {
        Map<String, Object> urlOnly = config("url", "r2dbc:postgresql://app@db.internal:5432/orders");
        urlOnly.remove("username");
        assertThat(read(urlOnly).username()).isEqualTo("app");
        assertThat(read(urlOnly).host()).isEqualTo("db.internal");
        assertThat(read(config("url", "r2dbc:postgresql://orders_app@db/orders")).username()).isEqualTo("orders_app");
        refuses(config("url", "r2dbc:postgresql://other@db/orders"), "names user 'other' but config.username is");
    }

    @Test
    void nodeRolesMustBeRoleNames() {
        assertThat(read(config("node_roles", Map.of("store", "orders_writer"))).roleOf("store")).contains("orders_writer");
        refuses(config("node_roles", Map.of("store", "x; DROP TABLE orders")), "config.node_roles.store must be");
        refuses(config("node_roles", Map.of("store", "\"quoted\"")), "config.node_roles.store must be");
        refuses(config("node_roles", "orders_writer"), "config.node_roles must map node names");
    }

    @Test
    void aMissingRootCertificateIsNamed() {
        refuses(config("ssl_mode", "verify-full", "ssl_root_cert", "/no/such/ca.pem"),
                "config.ssl_root_cert '/no/such/ca.pem' does not exist or cannot be read");
    }

    @Test
    void malformedUrlsAreRefused() {
        refuses(config("url", "postgresql://db/orders"), "must start with r2dbc:postgresql://");
        refuses(config("url", "r2dbc:postgresql://db"), "must name one database");
        refuses(config("url", "r2dbc:postgresql://db/a/b"), "must name one database");
        refuses(config("url", "r2dbc:postgresql://db/orders?sslmode=require"), "must not carry options");
        refuses(config("url", null), "config.url is required");
    }

    @Test
    void theUsernameIsRequired() {
        refuses(config("username", null), "config.username is required");
    }

    @Test
    void aPlaintextPasswordIsRefused() {
        refuses(config("password", "hunter2"), "must be a secret reference");
    }

    @Test
    void noPasswordIsAllowedForTrustAuthentication() {
        assertThat(read(config("password", null)).password()).isEmpty();
    }

    @Test
    void aSecretThatCannotBeResolvedFailsTheBuild() {
        assertThatThrownBy(() -> DbSettings.from(binding(config()), ref -> {
            throw new SecretResolutionException("secret " + ref + " cannot be resolved");
        })).isInstanceOf(SecretResolutionException.class);
    }

    @Test
    void numbersMustBeWholeAndPositive() {
        refuses(config("pool_size", 0), "config.pool_size must be a whole number of at least 1");
        refuses(config("acquire_timeout_ms", 1.5), "config.acquire_timeout_ms must be a whole number");
        refuses(config("statement_timeout_ms", "30s"), "config.statement_timeout_ms must be a whole number");
    }

    @Test
    void unknownSslModesAreRefused() {
        refuses(config("ssl_mode", "sometimes"), "config.ssl_mode must be one of disable, allow, prefer");
    }
}
