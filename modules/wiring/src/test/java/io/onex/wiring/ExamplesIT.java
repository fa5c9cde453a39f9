package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Envelope;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.host.core.codec.DecodeResult;
import io.onex.host.core.codec.EnvelopeCodec;
import io.onex.testkit.HttpReply;
import io.onex.testkit.PostgresAddress;
import io.onex.testkit.PostgresFixture;
import io.onex.testkit.PostgresServer;
import io.onex.testkit.TestHttpServer;
import io.onex.testkit.VaultKvServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Runs the example contracts of the repository for real, through the packaged launcher: the
 * services example against the test suite's own PostgreSQL and HTTP server.
 */
class ExamplesIT {

    private static final EnvelopeCodec CODEC = EnvelopeCodec.standard();

    @Test
    void theServicesExampleServesHttpPostgresAndVaultNodesWithTheDatabasePasswordFromVault() throws Exception {
        PostgresServer postgres = PostgresFixture.shared();
        String database = "examples_" + UUID.randomUUID().toString().substring(0, 8);
        postgres.createDatabase(database);
        postgres.sql(database, "CREATE TABLE orders (id text PRIMARY KEY, total numeric)");
        PostgresAddress address = postgres.address().withDatabase(database);
        try (TestHttpServer api = TestHttpServer.start(); VaultKvServer vault = VaultKvServer.start()) {
            api.answer("/users/ada", HttpReply.json(200, "{\"name\":\"ada\"}"));
            // The database password lives in Vault only: the host's secret resolver reads it there.
            vault.put("secret", "orders/db", Map.of("password", address.password()));
            vault.put("secret", "app/settings", Map.of("theme", "dark"));
            Map<String, String> env = new HashMap<>();
            env.put("USER_API_URL", api.url("").replaceAll("/$", ""));
            env.put("ORDERS_DB_URL", address.r2dbcUrl());
            env.put("ORDERS_DB_USER", address.user());
            env.put("VAULT_ADDR", vault.address());
            env.put("VAULT_TOKEN", vault.rootToken());
            List<String> secrets = List.of(address.password(), vault.rootToken());

            Envelope insert = request("order_store", HandlerType.DB, "db.execute",
                    Map.of("sql", "INSERT INTO orders VALUES ($1, $2)", "parameters", List.of("o-1", 12.5)));
            Envelope user = request("user_lookup", HandlerType.HTTP, "http.get", Map.of("url", "/users/ada"));
            Envelope outside = request("user_lookup", HandlerType.HTTP, "http.get", Map.of("url", "/admin"));
            Envelope readOnly = request("order_report", HandlerType.DB, "db.execute",
                    Map.of("sql", "DELETE FROM orders", "parameters", List.of()));
            Envelope settings = request("app_config", HandlerType.VAULT, "vault.get_secret",
                    Map.of("path", "app/settings"));
            Envelope dbSecret = request("app_config", HandlerType.VAULT, "vault.get_secret",
                    Map.of("path", "orders/db"));
            Map<Object, Envelope> first = run(env, secrets, insert, user, outside, readOnly, settings, dbSecret);

            assertThat(first.get(insert.envelopeId()).payload()).containsEntry("row_count", 1);
            assertThat(first.get(user.envelopeId()).payload()).containsEntry("status_code", 200)
                    .containsEntry("body", Map.of("name", "ada"));
            assertThat(first.get(outside.envelopeId()).error().code()).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
            assertThat(first.get(readOnly.envelopeId()).error().code()).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
            assertThat(api.requests()).extracting(r -> r.path()).containsExactly("/users/ada");
            assertThat(first.get(settings.envelopeId()).payload()).containsEntry("data", Map.of("theme", "dark"));
            assertThat(first.get(dbSecret.envelopeId()).error().code()).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);

            Envelope report = request("order_report", HandlerType.DB, "db.query",
                    Map.of("sql", "SELECT id FROM orders", "parameters", List.of()));
            Map<Object, Envelope> second = run(env, secrets, report);
            assertThat(second.get(report.envelopeId()).payload()).containsEntry("rows", List.of(Map.of("id", "o-1")));
        }
    }

    private static Map<Object, Envelope> run(Map<String, String> env, List<String> secrets, Envelope... requests) throws Exception {
        StringBuilder input = new StringBuilder();
        for (Envelope request : requests) {
            input.append(CODEC.encodeToString(request)).append('\n');
        }
        Launcher.Result result = Launcher.run(input.toString(), env, "run", "examples/services/runtime.yaml", "--stdio");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        for (String secret : secrets) {
            assertThat(result.stdout() + result.stderr()).doesNotContain(secret);
        }
        Map<Object, Envelope> byRequest = new HashMap<>();
        for (String line : result.stdoutLines()) {
            DecodeResult decoded = CODEC.decode(line);
            assertThat(decoded).as(line).isInstanceOf(DecodeResult.Decoded.class);
            Envelope response = ((DecodeResult.Decoded) decoded).envelope();
            byRequest.put(response.causationId(), response);
        }
        assertThat(byRequest).hasSize(requests.length);
        return byRequest;
    }

    private static Envelope request(String node, HandlerType type, String operation, Map<String, Object> payload) {
        return Envelope.request(node, type, operation, payload);
    }
}
