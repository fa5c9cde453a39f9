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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database fences through the whole host, against a real PostgreSQL: node roles decide what
 * a node may touch, {@code db.query} cannot write, a smuggled second statement never runs, a
 * connection comes back to the pool clean, results are capped, and server error text stays home
 * unless the binding opts in. The set-up is the database owner's, as in docs/handlers/db.md: a
 * login role that holds no privileges itself ({@code NOINHERIT}) and one role per node.
 */
class DbFencesIT {

    private static final String DATABASE = "fences";

    @TempDir
    static Path dir;

    private static PostgresServer server;
    private static PostgresAddress owner;
    private static RunningHost host;
    private static final List<Envelope> responses = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startHost() throws Exception {
        server = PostgresFixture.shared();
        owner = server.createDatabase(DATABASE);
        String loginPassword = "fences-login-" + Long.toHexString(System.nanoTime());
        server.sql(DATABASE, """
                CREATE ROLE fences_login LOGIN NOINHERIT PASSWORD '%s';
                CREATE ROLE fences_reader NOLOGIN;
                CREATE ROLE fences_writer NOLOGIN;
                GRANT fences_reader, fences_writer TO fences_login;
                CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL UNIQUE);
                CREATE TABLE secrets (id int PRIMARY KEY, secret text);
                INSERT INTO orders VALUES (1, 'ada'), (2, 'bob');
                INSERT INTO secrets VALUES (1, 'the-crown-jewels');
                GRANT SELECT ON orders TO fences_reader;
                GRANT SELECT, INSERT, UPDATE, DELETE ON orders TO fences_writer;
                CREATE FUNCTION peek() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM secrets';
                CREATE FUNCTION become_writer() RETURNS int LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM set_config('role', 'fences_writer', true);
                    INSERT INTO orders VALUES (999, 'sneaked in');
                    RETURN 1;
                END $$;
                """.formatted(loginPassword));
        Path loginFile = Files.writeString(dir.resolve("login-password"), loginPassword);
        Path ownerFile = Files.writeString(dir.resolve("owner-password"), owner.password());
        String loginUrl = "r2dbc:postgresql://fences_login@" + owner.host() + ":" + owner.port() + "/" + DATABASE;
        Launcher.write(dir, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: fences_host
                  version: "1.0.0"
                  environment: prod
                  event_bus:
                    kind: inmemory
                  handlers:
                    - type: db
                      name: shop_db
                      config:
                        url: "%s"
                        password: { secret_ref: "file:%s" }
                        node_roles: { reader: fences_reader, writer: fences_writer, sneaky: fences_reader }
                        # A loaded machine can take more than the default 2 s to open a connection.
                        acquire_timeout_ms: 20000
                    - type: db
                      name: open_db
                      config:
                        url: "%s"
                        username: onex
                        password: { secret_ref: "file:%s" }
                        pool_size: 1
                        acquire_timeout_ms: 15000
                        max_rows: 1000
                    - type: db
                      name: verbose_db
                      config:
                        url: "%s"
                        username: onex
                        password: { secret_ref: "file:%s" }
                        acquire_timeout_ms: 20000
                        expose_database_errors: true
                  nodes_dir: nodes
                """.formatted(loginUrl, loginFile, owner.r2dbcUrl(), ownerFile, owner.r2dbcUrl(), ownerFile));
        node("reader", "shop_db", "[db.query, db.execute]");
        node("writer", "shop_db", "[db.query, db.execute, db.transaction]");
        node("sneaky", "shop_db", "[db.query, db.execute, db.transaction]");
        node("opener", "open_db", "[db.query, db.execute, db.transaction]");
        node("other", "open_db", "[db.query]");
        node("verbose", "verbose_db", "[db.execute]");
        host = OnexHost.builder().build().start(dir.resolve("runtime.yaml"), Map.of(),
                StartOptions.defaults().log(new ByteArrayOutputStream(), System.Logger.Level.INFO));
        host.subscribe(responses::add);
    }

    @AfterAll
    static void stopHost() {
        if (host != null) {
            host.close();
        }
    }

    private static void node(String name, String binding, String operations) {
        Launcher.write(dir, "nodes/" + name + ".yaml", """
                schema_version: "1.0.0"
                name: %s
                node_type: EFFECT
                io_operations:
                  - handler: %s
                    operations: %s
                """.formatted(name, binding, operations));
    }

    private static Map<String, Object> sql(String sql, Object... parameters) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("sql", sql);
        payload.put("parameters", Arrays.asList(parameters));
        return payload;
    }

    private static Envelope send(String node, String operation, Map<String, Object> payload) {
        Envelope request = Envelope.request(node, HandlerType.of("db"), operation, payload);
        host.publish(request);
        await().atMost(Duration.ofSeconds(60)).until(() -> responses.stream()
                .anyMatch(response -> request.envelopeId().equals(response.causationId())));
        Envelope response = responses.stream().filter(r -> request.envelopeId().equals(r.causationId()))
                .findFirst().orElseThrow();
        assertThat(response.toString()).doesNotContain(owner.password()).doesNotContain("the-crown-jewels");
        return response;
    }

    private static Map<String, Object> success(String node, String operation, Map<String, Object> payload) {
        Envelope response = send(node, operation, payload);
        assertThat(response.success()).as("%s", response.error()).isTrue();
        return response.payload();
    }

    private static EnvelopeError failure(String node, String operation, Map<String, Object> payload) {
        Envelope response = send(node, operation, payload);
        assertThat(response.success()).as("%s", response.payload()).isFalse();
        return response.error();
    }

    private static String count(String table) {
        return server.sql(DATABASE, "SELECT count(*) FROM " + table);
    }

    @Test
    void theDatabaseDecidesWhatEachNodeMayTouch() {
        assertThat(success("reader", "db.query", sql("SELECT customer FROM orders WHERE id = $1", 1)))
                .containsEntry("rows", List.of(Map.of("customer", "ada")));
        assertThat(success("writer", "db.execute", sql("UPDATE orders SET customer = customer WHERE id = 1")))
                .containsEntry("row_count", 1L);

        EnvelopeError write = failure("reader", "db.execute", sql("INSERT INTO orders VALUES ($1, $2)", 50, "eve"));
        assertThat(write.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
        assertThat(write.details()).containsEntry("sqlstate", "42501");
        assertThat(write.message()).contains("SQLSTATE 42501 (insufficient_privilege)");
        // Tables outside the grants, and tables a function reads where no text check can see them.
        assertThat(failure("writer", "db.query", sql("SELECT * FROM secrets")).details())
                .containsEntry("sqlstate", "42501");
        assertThat(failure("reader", "db.query", sql("SELECT peek() AS n")).details())
                .containsEntry("sqlstate", "42501");
        assertThat(count("orders WHERE id = 50")).isEqualTo("0");
    }

    @Test
    void aNodeCannotLeaveItsRole() {
        for (String sql : List.of("SELECT set_config('role', 'fences_writer', true)", "SET ROLE fences_writer",
                "RESET ROLE", "SELECT query_to_xml('SELECT * FROM secrets', true, true, '')")) {
            EnvelopeError refused = failure("sneaky", "db.query", sql(sql));
            assertThat(refused.code()).as(sql).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
        }
        // A function the role may call switches role inside the database: the work is rolled back.
        EnvelopeError switched = failure("sneaky", "db.execute", sql("SELECT become_writer()"));
        assertThat(switched.code()).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
        assertThat(switched.message()).contains("changed its database role");
        assertThat(count("orders WHERE id = 999")).isEqualTo("0");
    }

    @Test
    void aQueryCannotWrite() {
        for (String sql : List.of("DELETE FROM orders RETURNING id",
                "WITH gone AS (DELETE FROM orders RETURNING id) SELECT count(*) FROM gone")) {
            EnvelopeError error = failure("opener", "db.query", sql(sql));
            assertThat(error.details()).as(sql).containsEntry("sqlstate", "25006");
        }
        assertThat(failure("opener", "db.query", sql("SET TRANSACTION READ WRITE")).details())
                .containsEntry("sqlstate", "25001");
        assertThat(count("orders")).isEqualTo("2");
        assertThat(success("opener", "db.execute", sql("UPDATE orders SET customer = customer WHERE id = $1", 2)))
                .containsEntry("row_count", 1L);
    }

    @Test
    void aSmuggledSecondStatementNeverRuns() {
        // With standard_conforming_strings off, the server reads 'a\', ' as one string, so the text
        // below holds a DELETE that the handler's scanner (which reads it as two strings) cannot see.
        EnvelopeError error = failure("opener", "db.transaction", Map.of("statements", List.of(
                sql("SELECT set_config('standard_conforming_strings', 'off', true)"),
                sql("SELECT 'a\\', ';DELETE FROM orders;-- '"))));
        assertThat(error.details()).containsEntry("sqlstate", "42601");
        assertThat(count("orders")).isEqualTo("2");
    }

    @Test
    void aConnectionComesBackClean() {
        // open_db has one connection, so "other" gets the very connection "opener" changed.
        success("opener", "db.query", sql("SELECT set_config('search_path', 'nowhere', false)"));
        success("opener", "db.query", sql("SELECT set_config('application_name', 'changed', false)"));
        Map<String, Object> after = success("other", "db.query",
                sql("SELECT count(*) AS n, current_setting('search_path') AS path FROM orders"));
        assertThat(after.get("rows")).isEqualTo(List.of(Map.of("n", 2L, "path", "\"$user\", public")));
    }

    @Test
    void aHugeResultIsRefusedAndTheHostKeepsAnswering() {
        EnvelopeError bytes = failure("opener", "db.query",
                sql("SELECT repeat('x', 1000000) FROM generate_series(1, 100000)"));
        assertThat(bytes.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
        assertThat(bytes.details()).containsEntry("limit", "max_result_bytes");
        assertThat(bytes.message()).contains("max_result_bytes (8388608)");

        EnvelopeError rows = failure("opener", "db.query", sql("SELECT g FROM generate_series(1, 100000) g"));
        assertThat(rows.details()).containsEntry("limit", "max_rows");
        assertThat(success("other", "db.query", sql("SELECT 1 AS still_here"))).containsEntry("row_count", 1L);
    }

    @Test
    void serverErrorTextStaysHomeUnlessTheBindingOptsIn() {
        EnvelopeError quiet = failure("opener", "db.execute", sql("INSERT INTO orders VALUES ($1, $2)", 70, "ada"));
        assertThat(quiet.details()).containsEntry("sqlstate", "23505");
        assertThat(quiet.message()).contains("SQLSTATE 23505 (unique_violation)").doesNotContain("ada")
                .doesNotContain("duplicate key");
        EnvelopeError told = failure("verbose", "db.execute", sql("INSERT INTO orders VALUES ($1, $2)", 70, "ada"));
        assertThat(told.message()).contains("duplicate key value violates unique constraint");
    }

    @Test
    void thePackagedHostRefusesAHugeResultOnASmallHeap() throws Exception {
        EnvelopeCodec codec = EnvelopeCodec.standard();
        Envelope huge = Envelope.request("opener", HandlerType.of("db"), "db.query",
                sql("SELECT repeat('x', 1000000) FROM generate_series(1, 100000)"));
        Envelope after = Envelope.request("other", HandlerType.of("db"), "db.query", sql("SELECT 1 AS still_here"));
        String input = codec.encodeToString(huge) + "\n" + codec.encodeToString(after) + "\n";

        Launcher.Result result = Launcher.run(input,
                Map.of("ONEX_JAVA_OPTS", "-XX:+UseSerialGC -Xmx96m -XX:+ExitOnOutOfMemoryError"),
                "run", dir.resolve("runtime.yaml").toString(), "--stdio");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Map<Object, Envelope> byRequest = new LinkedHashMap<>();
        for (String line : result.stdoutLines()) {
            DecodeResult decoded = codec.decode(line);
            assertThat(decoded).as(line).isInstanceOf(DecodeResult.Decoded.class);
            Envelope response = ((DecodeResult.Decoded) decoded).envelope();
            byRequest.put(response.causationId(), response);
        }
        assertThat(byRequest.get(huge.envelopeId()).error().details()).as("%s", byRequest.get(huge.envelopeId()))
                .containsEntry("limit", "max_result_bytes");
        assertThat(byRequest.get(after.envelopeId()).success()).isTrue();
    }

    @Test
    void validateWarnsAboutASharedBindingWithoutRolesInProd() throws Exception {
        Path shared = Launcher.write(dir, "shared/runtime.yaml", Files.readString(dir.resolve("runtime.yaml"))
                .replace("nodes_dir: nodes", "nodes_dir: " + dir.resolve("nodes")));
        Launcher.Result result = Launcher.run("validate", shared.toString());
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr()).contains("db binding 'open_db' is shared by nodes [opener, other] and sets no"
                + " node_roles").doesNotContain("shop_db' is shared");
    }
}
