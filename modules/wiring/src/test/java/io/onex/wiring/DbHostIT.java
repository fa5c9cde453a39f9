package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeError;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.host.core.codec.DecodeResult;
import io.onex.host.core.codec.EnvelopeCodec;
import io.onex.testkit.PostgresAddress;
import io.onex.testkit.PostgresFixture;
import io.onex.testkit.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The db handler through the whole host: a YAML contract started in this JVM through the embedding
 * API ({@link OnexHost#start}), envelopes published on the in-memory bus and answered by real
 * PostgreSQL servers from the testkit. The last test runs the packaged {@code onex-host} on the
 * module path, as users do.
 */
class DbHostIT {

    private static final String DATABASE = "host_orders";

    /** How many requests {@link #eventualSuccess} sends at most. */
    private static final int ATTEMPTS = 10;

    @TempDir
    static Path dir;

    private static PostgresServer shared;
    private static PostgresServer chaos;
    private static RunningHost host;
    private static final List<Envelope> responses = new CopyOnWriteArrayList<>();
    private static final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    @BeforeAll
    static void startHost() throws IOException {
        shared = PostgresFixture.shared();
        PostgresAddress orders = shared.createDatabase(DATABASE);
        shared.sql(DATABASE, "CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, total numeric(10,2))");
        chaos = PostgresFixture.startPrivate();
        Path password = Files.writeString(dir.resolve("db-password"), orders.password() + "\n");
        Path wrong = Files.writeString(dir.resolve("wrong-password"), "not-the-password\n");
        Path chaosPassword = Files.writeString(dir.resolve("chaos-password"), chaos.address().password());
        Launcher.write(dir, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: db_host
                  version: "1.0.0"
                  environment: prod
                  event_bus:
                    kind: inmemory
                  handlers:
                    - type: db
                      name: orders_db
                      config:
                        url: "${ORDERS_DB_URL}"
                        username: onex
                        password: { secret_ref: "file:%s" }
                        statement_timeout_ms: 1000
                        # A loaded build machine can take seconds to open a connection (the defaults
                        # are 2 s to get one, 5 s to open one), and an acquire that times out would
                        # answer TIMEOUT instead of the outcome a test awaits; so every binding but
                        # tiny_db waits long.
                        acquire_timeout_ms: 20000
                        connect_timeout_ms: 20000
                    - type: db
                      name: tiny_db
                      config:
                        url: "${ORDERS_DB_URL}"
                        username: onex
                        password: { secret_ref: "file:%s" }
                        pool_size: 1
                        acquire_timeout_ms: 1500
                    - type: db
                      name: intruder_db
                      config:
                        url: "${ORDERS_DB_URL}"
                        username: onex
                        password: { secret_ref: "file:%s" }
                        acquire_timeout_ms: 20000
                    - type: db
                      name: void_db
                      config:
                        url: "r2dbc:postgresql://127.0.0.1:%d/nothing"
                        username: onex
                        password: { secret_ref: "file:%s" }
                        acquire_timeout_ms: 20000
                    - type: db
                      name: chaos_db
                      config:
                        url: "%s"
                        username: onex
                        password: { secret_ref: "file:%s" }
                        acquire_timeout_ms: 20000
                  nodes_dir: nodes
                """.formatted(password, password, wrong, unusedPort(), password, chaos.address().r2dbcUrl(),
                chaosPassword));
        node("orders", "orders_db", "[db.query, db.execute, db.transaction]", "[orders]");
        node("reports", "orders_db", "[db.query, db.execute]", "[]");
        node("tiny", "tiny_db", "[db.query]", "[]");
        node("intruder", "intruder_db", "[db.query]", "[]");
        node("void", "void_db", "[db.query]", "[]");
        node("chaos", "chaos_db", "[db.query]", "[]");
        host = OnexHost.builder().build().start(dir.resolve("runtime.yaml"), Map.of("ORDERS_DB_URL", orders.r2dbcUrl()),
                StartOptions.defaults().log(logs, System.Logger.Level.DEBUG));
        host.subscribe(responses::add);
    }

    @AfterAll
    static void stopHost() {
        if (host != null) {
            host.close();
        }
        if (chaos != null) {
            chaos.close();
        }
    }

    private static void node(String name, String binding, String operations, String targets) {
        Launcher.write(dir, "nodes/" + name + ".yaml", """
                schema_version: "1.0.0"
                name: %s
                node_type: EFFECT
                io_operations:
                  - handler: %s
                    operations: %s
                    targets: %s
                """.formatted(name, binding, operations, targets));
    }

    private static Envelope request(String node, String operation, Map<String, Object> payload) {
        return Envelope.request(node, HandlerType.of("db"), operation, payload);
    }

    private static Map<String, Object> sql(String sql, Object... parameters) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("sql", sql);
        payload.put("parameters", Arrays.asList(parameters));
        return payload;
    }

    private static Envelope send(Envelope request) {
        host.publish(request);
        return awaitResponse(request);
    }

    private static Envelope awaitResponse(Envelope request) {
        await().atMost(Duration.ofSeconds(30)).until(() -> responses.stream()
                .anyMatch(response -> request.envelopeId().equals(response.causationId())));
        Envelope response = responses.stream().filter(r -> request.envelopeId().equals(r.causationId()))
                .findFirst().orElseThrow();
        assertThat(response.toString()).doesNotContain(shared.address().password())
                .doesNotContain(chaos.address().password());
        return response;
    }

    private static Map<String, Object> success(Envelope request) {
        Envelope response = send(request);
        assertThat(response.success()).as("%s", response.error()).isTrue();
        return response.payload();
    }

    /**
     * Sends a fresh request until one succeeds, at most {@code ATTEMPTS} times, and returns its
     * payload: for a pool that must first open a connection, which a loaded machine may do after a
     * short {@code acquire_timeout_ms} has passed (a retryable TIMEOUT), or after a restart.
     */
    private static Map<String, Object> eventualSuccess(Supplier<Envelope> request) {
        Envelope response = send(request.get());
        for (int attempt = 1; attempt < ATTEMPTS && !response.success() && response.error().retryable(); attempt++) {
            response = send(request.get());
        }
        assertThat(response.success()).as("%s", response.error()).isTrue();
        return response.payload();
    }

    /**
     * Publishes a request on tiny_db running {@code sql} and returns it once PostgreSQL shows the
     * statement running: the contenders of the pool come after that, not after a guess at how
     * long it takes. A holder whose acquire timed out on a loaded machine is sent again.
     */
    private static Envelope holdTheOnlyConnection(String sql) {
        String running = "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query = '" + sql + "'";
        for (int attempt = 1; ; attempt++) {
            Envelope holder = request("tiny", "db.query", sql(sql));
            host.publish(holder);
            await().atMost(Duration.ofSeconds(30)).until(() -> answered(holder)
                    || "1".equals(shared.sql(DATABASE, running)));
            if (!answered(holder)) {
                return holder;
            }
            Envelope early = awaitResponse(holder);
            assertThat(attempt < ATTEMPTS && !early.success() && early.error().retryable())
                    .as("the holder answered before its statement was seen running: %s", early).isTrue();
        }
    }

    private static boolean answered(Envelope request) {
        return responses.stream().anyMatch(response -> request.envelopeId().equals(response.causationId()));
    }

    private static EnvelopeError failure(Envelope request) {
        Envelope response = send(request);
        assertThat(response.success()).as("%s", response.payload()).isFalse();
        assertThat(response.error().handlerType()).isEqualTo(HandlerType.of("db"));
        return response.error();
    }

    @Test
    void everyOperationAnswersThroughTheHost() {
        Map<String, Object> executed = success(request("orders", "db.execute",
                sql("INSERT INTO orders VALUES ($1, $2, $3)", 1, "ada", new BigDecimal("12.50"))));
        assertThat(executed).isEqualTo(Map.of("row_count", 1L));

        Map<String, Object> transaction = success(request("orders", "db.transaction", Map.of("statements", List.of(
                sql("INSERT INTO orders VALUES ($1, $2, $3)", 2, "bob", 3),
                sql("UPDATE orders SET total = total + $1", 1)))));
        assertThat(transaction).isEqualTo(Map.of("results", List.of(Map.of("row_count", 1L), Map.of("row_count", 2L)),
                "row_count", 3L));

        Map<String, Object> queried = success(request("orders", "db.query",
                sql("SELECT id, customer, total FROM orders ORDER BY id")));
        assertThat(queried).isEqualTo(Map.of("row_count", 2L, "rows", List.of(
                Map.of("id", 1, "customer", "ada", "total", new BigDecimal("13.50")),
                Map.of("id", 2, "customer", "bob", "total", new BigDecimal("4.00")))));
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() {
        EnvelopeError error = failure(request("orders", "db.transaction", Map.of("statements", List.of(
                sql("INSERT INTO orders VALUES ($1, $2, $3)", 100, "kept?", 1),
                sql("INSERT INTO orders VALUES ($1, $2, $3)", 100, "duplicate", 1)))));
        assertThat(error.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
        assertThat(error.retryable()).isFalse();
        assertThat(error.details()).containsEntry("sqlstate", "23505");
        assertThat(shared.sql(DATABASE, "SELECT count(*) FROM orders WHERE id = 100")).isEqualTo("0");
    }

    @Test
    void requestErrorsAreRefusedBeforeTheDatabase() {
        assertThat(failure(request("orders", "db.query", sql("SELECT * FROM orders WHERE id = $1"))).code())
                .isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(failure(request("orders", "db.query", sql("SELECT 1; DELETE FROM orders"))).code())
                .isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        EnvelopeError outside = failure(request("orders", "db.query", sql("SELECT * FROM pg_shadow")));
        assertThat(outside.code()).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
        assertThat(outside.message()).contains("pg_shadow");
        assertThat(failure(request("reports", "db.transaction", Map.of("statements", List.of()))).code())
                .as("the node contract does not list db.transaction for reports")
                .isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
    }

    @Test
    void serverErrorsKeepTheirSqlStateThroughTheHost() {
        EnvelopeError syntax = failure(request("reports", "db.query", sql("SELEC 1")));
        assertThat(syntax.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
        assertThat(syntax.retryable()).isFalse();
        assertThat(syntax.details()).containsEntry("sqlstate", "42601");

        EnvelopeError data = failure(request("reports", "db.query", sql("SELECT 1 / $1", 0)));
        assertThat(data.details()).containsEntry("sqlstate", "22012");

        EnvelopeError slow = failure(request("reports", "db.query", sql("SELECT pg_sleep(5)")));
        assertThat(slow.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(slow.retryable()).isTrue();
        assertThat(slow.details()).containsEntry("sqlstate", "57014");

        EnvelopeError busy = failure(request("reports", "db.execute",
                sql("DO $$ BEGIN RAISE EXCEPTION 'busy' USING ERRCODE = '53300'; END $$")));
        assertThat(busy.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(busy.retryable()).isTrue();
    }

    @Test
    void aWrongPasswordIsAnAuthenticationErrorEnvelope() {
        EnvelopeError error = failure(request("intruder", "db.query", sql("SELECT 1")));
        assertThat(error.code()).isEqualTo(ErrorCode.AUTHENTICATION_ERROR);
        assertThat(error.retryable()).isFalse();
        assertThat(error.message()).doesNotContain("not-the-password");
    }

    @Test
    void anUnreachableDatabaseIsAConnectionErrorEnvelope() {
        EnvelopeError error = failure(request("void", "db.query", sql("SELECT 1")));
        assertThat(error.code()).isEqualTo(ErrorCode.CONNECTION_ERROR);
        assertThat(error.retryable()).isTrue();
    }

    @Test
    void poolExhaustionAnswersTimeoutAndThePoolServesAgain() {
        // The pool's one connection is open before the contest starts (opening it may take longer
        // than tiny_db's short acquire_timeout_ms on a loaded machine, hence the retries).
        assertThat(eventualSuccess(() -> request("tiny", "db.query", sql("SELECT 1 AS warm"))))
                .containsEntry("row_count", 1L);
        Envelope holder = holdTheOnlyConnection("SELECT pg_sleep(10) AS held");
        List<Envelope> contenders = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            contenders.add(request("tiny", "db.query", sql("SELECT 1 AS contender")));
        }
        contenders.forEach(host::publish);
        assertThat(contenders.stream().map(DbHostIT::awaitResponse).toList())
                .as("no connection frees within acquire_timeout_ms while the holder sleeps")
                .allSatisfy(answer -> {
                    assertThat(answer.success()).isFalse();
                    assertThat(answer.error().code()).isEqualTo(ErrorCode.TIMEOUT);
                    assertThat(answer.error().retryable()).isTrue();
                });
        Envelope held = awaitResponse(holder);
        assertThat(held.success()).as("%s", held.error()).isTrue();
        assertThat(eventualSuccess(() -> request("tiny", "db.query", sql("SELECT 1 AS again"))))
                .containsEntry("row_count", 1L);
    }

    @Test
    void theHostRidesOutADatabaseRestart() {
        assertThat(success(request("chaos", "db.query", sql("SELECT 1 AS up")))).containsEntry("row_count", 1L);
        chaos.stop();
        EnvelopeError down = failure(request("chaos", "db.query", sql("SELECT 1 AS up")));
        assertThat(down.code()).isIn(ErrorCode.CONNECTION_ERROR, ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(down.retryable()).isTrue();
        chaos.start();
        // The pool opens a new connection on the next call: awaited, since a loaded machine may
        // refuse or time out the first attempts while the server finishes starting.
        assertThat(eventualSuccess(() -> request("chaos", "db.query", sql("SELECT 1 AS up"))))
                .containsEntry("row_count", 1L);
    }

    @Test
    void thePackagedHostServesTheDbHandlerOnTheModulePath() throws Exception {
        PostgresAddress address = shared.address().withDatabase(DATABASE);
        Path contract = Launcher.write(dir, "cli/runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: db_cli
                  version: "1.0.0"
                  environment: prod
                  event_bus:
                    kind: inmemory
                  handlers:
                    - type: db
                      config:
                        url: "%s"
                        username: onex
                        password: { secret_ref: "env:ONEX_IT_DB_PASSWORD" }
                        # A freshly started JVM on a loaded machine can take more than the defaults
                        # (2 s to get a connection, 5 s to open one) to open its first connections.
                        acquire_timeout_ms: 20000
                        connect_timeout_ms: 20000
                  nodes_dir: nodes
                """.formatted(address.r2dbcUrl()));
        Launcher.write(dir, "cli/nodes/stock.yaml", """
                schema_version: "1.0.0"
                name: stock
                node_type: EFFECT
                io_operations:
                  - handler: db
                    operations: [db.query, db.execute]
                """);
        shared.sql(DATABASE, "CREATE TABLE stock (sku text PRIMARY KEY); INSERT INTO stock VALUES ('a-1'), ('b-2')");
        // The host runs envelopes concurrently, so these requests do not depend on one another.
        EnvelopeCodec codec = EnvelopeCodec.standard();
        Envelope insert = request("stock", "db.execute", sql("INSERT INTO stock VALUES ($1)", "c-3"));
        Envelope select = request("stock", "db.query", sql("SELECT sku FROM stock WHERE sku < $1 ORDER BY sku", "c"));
        Envelope broken = request("stock", "db.query", sql("SELECT * FROM no_such_table"));
        String input = String.join("\n", codec.encodeToString(insert), codec.encodeToString(select),
                codec.encodeToString(broken)) + "\n";

        Launcher.Result result = Launcher.run(input, Map.of("ONEX_IT_DB_PASSWORD", address.password()),
                "run", contract.toString(), "--stdio");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr()).doesNotContain(address.password()).doesNotContain("NoClassDefFoundError");
        Map<Object, Envelope> byRequest = new LinkedHashMap<>();
        for (String line : result.stdoutLines()) {
            DecodeResult decoded = codec.decode(line);
            assertThat(decoded).as(line).isInstanceOf(DecodeResult.Decoded.class);
            Envelope response = ((DecodeResult.Decoded) decoded).envelope();
            byRequest.put(response.causationId(), response);
        }
        assertThat(byRequest).hasSize(3);
        assertThat(byRequest.get(insert.envelopeId()).payload()).as("%s", byRequest.get(insert.envelopeId()).error())
                .isEqualTo(Map.of("row_count", 1));
        assertThat(shared.sql(DATABASE, "SELECT count(*) FROM stock")).isEqualTo("3");
        assertThat(byRequest.get(select.envelopeId()).payload()).isEqualTo(Map.of("row_count", 2,
                "rows", List.of(Map.of("sku", "a-1"), Map.of("sku", "b-2"))));
        EnvelopeError error = byRequest.get(broken.envelopeId()).error();
        assertThat(error.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
        assertThat(error.details()).containsEntry("sqlstate", "42P01");
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
