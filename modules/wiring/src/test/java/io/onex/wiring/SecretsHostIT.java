package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.testkit.HttpReply;
import io.onex.testkit.PostgresAddress;
import io.onex.testkit.PostgresFixture;
import io.onex.testkit.PostgresServer;
import io.onex.testkit.TestHttpServer;
import io.onex.testkit.VaultKvServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets through the whole host, the packaged {@code ./onex-host}: the database password comes
 * from Vault (the testkit's Vault-API-compatible server, read by the real Vault client over
 * HTTP) through the secret resolver; a node reads and writes Vault through the vault handler;
 * Vault turning slow, sealed, failing or resetting connections is answered with the mapped
 * errors while the host keeps running; and no known secret value ever appears in anything the
 * host prints or serves: standard output, the debug log, every health endpoint, the metrics,
 * the ingress, {@code describe}, and the messages of a start-up that fails on a missing secret.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsHostIT {

    private static final String VAULT_TOKEN = "root-token-redaction-9d2e";
    private static final String BAD_VAULT_TOKEN = "bad-token-redaction-13f7";
    private static final String API_TOKEN = "Bearer api-token-redaction-41c8";
    private static final String DB_PASSWORD = "pg-pass-redaction-5f1c";
    private static final String DB_USER = "vault_fed";
    private static final String DATABASE = "secrets_host";
    private static final Pattern CAUSATION = Pattern.compile("\"causation_id\":\"([0-9a-f-]{36})\"");

    private final VaultKvServer vault = VaultKvServer.start(VAULT_TOKEN);
    private final TestHttpServer api = TestHttpServer.start();
    private final List<String> served = new ArrayList<>();
    private PostgresServer postgres;
    private PostgresAddress database;
    private Path contract;
    private Map<String, String> env;
    private Launcher.Running host;
    private OutputStream stdin;
    private HealthProbe probe;

    @BeforeAll
    void startHost(@TempDir Path folder) throws IOException {
        postgres = PostgresFixture.shared();
        PostgresAddress admin = postgres.createDatabase(DATABASE);
        postgres.sql(DATABASE, "DROP ROLE IF EXISTS " + DB_USER);
        postgres.sql(DATABASE, "CREATE ROLE " + DB_USER + " LOGIN PASSWORD '" + DB_PASSWORD + "'");
        postgres.sql(DATABASE, "ALTER DATABASE " + DATABASE + " OWNER TO " + DB_USER);
        postgres.sql(DATABASE, "ALTER SCHEMA public OWNER TO " + DB_USER);
        database = new PostgresAddress(admin.host(), admin.port(), DATABASE, DB_USER, DB_PASSWORD);
        vault.put("secret", "orders/db", Map.of("password", DB_PASSWORD));
        vault.put("secret", "app/config", Map.of("feature", "on"));
        api.answer("/api/users/ada", HttpReply.json(200, "{\"name\":\"ada\"}"));

        contract = Launcher.write(folder, "runtime.yaml", runtime("orders/db#password"));
        Launcher.write(folder, "nodes/store.yaml", node("store", "orders_db", "[db.query, db.execute]", ""));
        Launcher.write(folder, "nodes/caller.yaml", node("caller", "user_api", "[http.get]", ""));
        Launcher.write(folder, "nodes/config.yaml", node("config_reader", "vault",
                "[vault.get_secret, vault.set_secret, vault.list_secrets]", "targets: [\"app\"]"));
        Launcher.write(folder, "nodes/intruder.yaml", node("intruder", "vault_bad", "[vault.get_secret]", ""));
        env = new LinkedHashMap<>();
        env.put("VAULT_ADDR", vault.address());
        env.put("VAULT_TOKEN", VAULT_TOKEN);
        env.put("BAD_VAULT_TOKEN", BAD_VAULT_TOKEN);
        env.put("API_TOKEN", API_TOKEN);
        env.put("API_BASE", api.url("/api"));
        env.put("ORDERS_DB_URL", "r2dbc:postgresql://" + database.host() + ":" + database.port() + "/" + DATABASE);
        env.put("ORDERS_DB_USER", DB_USER);

        host = Launcher.start(env, "run", contract.toString(), "--stdio", "--log-level", "debug");
        stdin = host.process.getOutputStream();
        probe = HealthProbe.of(host, Duration.ofSeconds(90));
    }

    @AfterAll
    void stopHost() throws Exception {
        try {
            if (host != null) {
                stdin.close();
                Launcher.Result result = host.await(Duration.ofSeconds(60));
                assertThat(result.exitCode()).as(result.stderr()).isZero();
                assertNoSecretIn("standard output", result.stdout());
                assertNoSecretIn("the debug log on standard error", result.stderr());
                for (String body : served) {
                    assertNoSecretIn("a health server answer", body);
                }
            }
        } finally {
            if (host != null) {
                host.close();
            }
            vault.close();
            api.close();
        }
    }

    @Test
    @Order(1)
    void theDatabasePasswordComesFromVaultThroughTheResolver() throws IOException {
        assertThat(send("store", "db", "db.execute",
                "{\"sql\":\"CREATE TABLE IF NOT EXISTS orders (id text PRIMARY KEY)\",\"parameters\":[]}"))
                .contains("\"success\":true");
        assertThat(send("store", "db", "db.query", "{\"sql\":\"SELECT current_user AS who\",\"parameters\":[]}"))
                .contains("\"who\":\"" + DB_USER + "\"");
        assertThat(vault.requests()).anySatisfy(request ->
                assertThat(request.path()).isEqualTo("/v1/secret/data/orders/db"));
    }

    @Test
    @Order(2)
    void aNodeReadsWritesAndListsVaultThroughTheVaultHandler() throws IOException {
        assertThat(send("config_reader", "vault", "vault.get_secret", "{\"path\":\"app/config\"}"))
                .contains("\"success\":true").contains("\"feature\":\"on\"").contains("\"version\":1");
        assertThat(send("config_reader", "vault", "vault.set_secret", "{\"path\":\"app/config\",\"data\":{\"feature\":\"off\"}}"))
                .contains("\"version\":2");
        assertThat(send("config_reader", "vault", "vault.list_secrets", "{\"path\":\"app\"}"))
                .contains("\"keys\":[\"config\"]");
    }

    @Test
    @Order(3)
    void aPathOutsideTheNodesTargetsAndADeniedTokenAreErrorEnvelopes() throws IOException {
        assertThat(send("config_reader", "vault", "vault.get_secret", "{\"path\":\"orders/db\"}"))
                .contains("\"code\":\"OPERATION_NOT_ALLOWED\"");
        assertThat(send("intruder", "vault", "vault.get_secret", "{\"path\":\"app/config\"}"))
                .contains("\"code\":\"AUTHENTICATION_ERROR\"");
        assertThat(send("config_reader", "vault", "vault.get_secret", "{\"path\":\"app/missing\"}"))
                .contains("\"code\":\"HANDLER_EXECUTION_ERROR\"").contains("\"not_found\":true");
    }

    @Test
    @Order(4)
    void vaultFlakinessIsAnsweredWithMappedErrorsAndTheHostKeepsRunning() throws Exception {
        vault.slow(Duration.ofSeconds(3));
        assertThat(send("config_reader", "vault", "vault.get_secret", "{\"path\":\"app/config\"}"))
                .contains("\"code\":\"TIMEOUT\"");
        vault.slow(Duration.ZERO);

        vault.failNext(1, 503);
        assertThat(send("config_reader", "vault", "vault.get_secret", "{\"path\":\"app/config\"}"))
                .contains("\"code\":\"SERVICE_UNAVAILABLE\"");

        vault.seal();
        assertThat(send("config_reader", "vault", "vault.get_secret", "{\"path\":\"app/config\"}"))
                .contains("\"code\":\"SERVICE_UNAVAILABLE\"");
        vault.unseal();

        vault.resetConnections(true);
        assertThat(send("config_reader", "vault", "vault.get_secret", "{\"path\":\"app/config\"}"))
                .contains("\"code\":\"SERVICE_UNAVAILABLE\"");
        vault.resetConnections(false);

        assertThat(send("config_reader", "vault", "vault.get_secret", "{\"path\":\"app/config\"}"))
                .contains("\"success\":true");
        assertThat(host.process.isAlive()).isTrue();
        assertThat(probe.status("/health/live")).isEqualTo(200);
    }

    @Test
    @Order(5)
    void theHttpHandlerSendsItsSecretHeaderWithoutShowingIt() throws IOException {
        assertThat(send("caller", "http", "http.get", "{\"url\":\"/users/ada\"}")).contains("\"status_code\":200");
        assertThat(api.requests()).anySatisfy(request ->
                assertThat(request.header("Authorization")).contains(API_TOKEN));
    }

    @Test
    @Order(6)
    void everyHealthEndpointAndTheIngressShowNoSecret() throws Exception {
        for (String path : List.of("/health/live", "/health/ready", "/health/handlers", "/metrics")) {
            String body = probe.get(path).body();
            served.add(body);
            assertNoSecretIn(path, body);
        }
        String answer = probe.post("/v1/envelopes", "{\"target_node\":\"intruder\",\"handler_type\":\"vault\","
                + "\"operation\":\"vault.get_secret\",\"payload\":{\"path\":\"app/config\"}}", Duration.ofSeconds(20)).body();
        served.add(answer);
        assertThat(answer).contains("AUTHENTICATION_ERROR");
        String handlers = probe.get("/health/handlers").body();
        assertThat(handlers).contains("\"vault\"").contains("orders_db").contains("\"secrets\"")
                .contains("\"stale_served\"").contains("\"cache_ttl_seconds\"");
    }

    @Test
    @Order(7)
    void describeShowsReferencesAndNoValues() throws Exception {
        Launcher.Result result = Launcher.run("", env, "describe", contract.toString());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("orders/db#password").contains("env:VAULT_TOKEN")
                .contains("env:API_TOKEN").contains("runtime.handlers 'vault'");
        assertNoSecretIn("describe", result.stdout() + result.stderr());
    }

    @Test
    @Order(8)
    void aMissingSecretStopsStartUpNamingTheReferenceAndEverySourceButNoValue(@TempDir Path folder)
            throws Exception {
        Path broken = Launcher.write(folder, "runtime.yaml", runtime("orders/missing#password"));
        Launcher.write(folder, "nodes/store.yaml", node("store", "orders_db", "[db.query]", ""));

        Launcher.Result result = Launcher.run("", env, "run", broken.toString(), "--stdio");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("orders/missing#password").contains("ORDERS_MISSING_PASSWORD")
                .contains("/var/run/secrets/onex/orders/missing/password");
        assertNoSecretIn("a failed start-up", result.stdout() + result.stderr());
    }

    /** Writes one request line and returns its response line, waiting at most 20 s. */
    private String send(String node, String handler, String operation, String payload) throws IOException {
        String id = UUID.randomUUID().toString();
        String line = "{\"envelope_id\":\"" + id + "\",\"target_node\":\"" + node + "\",\"handler_type\":\""
                + handler + "\",\"operation\":\"" + operation + "\",\"payload\":" + payload + "}\n";
        stdin.write(line.getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        await().atMost(Duration.ofSeconds(20)).until(() -> response(id) != null);
        return response(id);
    }

    private String response(String requestId) {
        for (String line : host.stdoutSoFar().lines().toList()) {
            Matcher matcher = CAUSATION.matcher(line);
            if (matcher.find() && matcher.group(1).equals(requestId)) {
                return line;
            }
        }
        return null;
    }

    private static void assertNoSecretIn(String where, String text) {
        for (String secret : List.of(VAULT_TOKEN, BAD_VAULT_TOKEN, API_TOKEN, "api-token-redaction-41c8",
                DB_PASSWORD)) {
            assertThat(text).as("%s must not show a secret value", where).doesNotContain(secret);
        }
    }

    private static String runtime(String passwordRef) {
        return """
                schema_version: "1.0.0"
                runtime:
                  name: secrets_host
                  version: "1.0.0"
                  environment: staging
                  event_bus: { kind: inmemory }
                  handlers:
                    - type: db
                      name: orders_db
                      timeout_ms: 5000
                      config:
                        url: "${ORDERS_DB_URL}"
                        username: "${ORDERS_DB_USER}"
                        password: { secret_ref: "%s" }
                        pool_size: 2
                        acquire_timeout_ms: 5000 # up to the call's bound, not the default 2 s: a loaded machine
                    - type: http
                      name: user_api
                      timeout_ms: 5000
                      config:
                        base_url: "${API_BASE}"
                        default_headers: { Authorization: { secret_ref: "env:API_TOKEN" } }
                    - type: vault
                      timeout_ms: 10000
                      config:
                        address: "${VAULT_ADDR}"
                        token: { secret_ref: "env:VAULT_TOKEN" }
                        read_timeout_ms: 1000
                    - type: vault
                      name: vault_bad
                      config:
                        address: "${VAULT_ADDR}"
                        token: { secret_ref: "env:BAD_VAULT_TOKEN" }
                  nodes_dir: nodes
                  health: { enabled: true, port: 0, ingress: true }
                  shutdown: { grace_seconds: 5 }
                """.formatted(passwordRef);
    }

    private static String node(String name, String binding, String operations, String targets) {
        return """
                schema_version: "1.0.0"
                name: %s
                node_type: EFFECT
                description: A node of the secrets test.
                io_operations:
                  - handler: %s
                    operations: %s
                    %s
                """.formatted(name, binding, operations, targets);
    }
}
