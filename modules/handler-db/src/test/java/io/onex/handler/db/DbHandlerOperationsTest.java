package io.onex.handler.db;

import static io.onex.handler.db.DbTesting.execute;
import static io.onex.handler.db.DbTesting.failure;
import static io.onex.handler.db.DbTesting.invocation;
import static io.onex.handler.db.DbTesting.query;
import static io.onex.handler.db.DbTesting.rows;
import static io.onex.handler.db.DbTesting.sql;
import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerType;
import io.onex.host.api.OnexException;
import io.onex.testkit.PostgresAddress;
import io.onex.testkit.PostgresFixture;
import io.onex.testkit.PostgresServer;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** db.query, db.execute and db.transaction against a real PostgreSQL. */
class DbHandlerOperationsTest {

    private static final String DATABASE = "handler_operations";
    private static PostgresServer server;
    private static DbHandler handler;

    @BeforeAll
    static void startHandler() {
        server = PostgresFixture.shared();
        PostgresAddress address = server.createDatabase(DATABASE);
        server.sql(DATABASE, "CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL,"
                + " total numeric(10,2) CHECK (total >= 0))");
        handler = DbTesting.start(address, Map.of());
    }

    @AfterAll
    static void stopHandler() {
        handler.shutdown();
    }

    @BeforeEach
    void emptyTheTable() {
        server.sql(DATABASE, "TRUNCATE orders");
    }

    private static Map<String, Object> statement(String sql, Object... parameters) {
        return sql(sql, parameters);
    }

    private static Map<String, Object> transaction(Map<?, ?>... statements) {
        return Map.of("statements", List.of(statements));
    }

    @Test
    void queryReturnsEachRowAsAnObjectInColumnOrder() {
        server.sql(DATABASE, "INSERT INTO orders VALUES (1, 'ada', 12.50), (2, 'bob', 3.00), (3, 'ada', 7.25)");
        Map<String, Object> response = query(handler, "SELECT id, customer, total FROM orders WHERE customer = $1"
                + " ORDER BY id", "ada");
        assertThat(response).containsOnlyKeys("rows", "row_count");
        assertThat(response.get("row_count")).isEqualTo(2L);
        assertThat(rows(response)).containsExactly(
                Map.of("id", 1, "customer", "ada", "total", new BigDecimal("12.50")),
                Map.of("id", 3, "customer", "ada", "total", new BigDecimal("7.25")));
        assertThat(rows(response).getFirst().keySet()).containsExactly("id", "customer", "total");
    }

    @Test
    void aQueryWithoutMatchesReturnsNoRows() {
        Map<String, Object> response = query(handler, "SELECT * FROM orders WHERE id = $1", 42);
        assertThat(rows(response)).isEmpty();
        assertThat(response.get("row_count")).isEqualTo(0L);
    }

    @Test
    void aQueryWithoutParametersNeedsNoParameterList() {
        Map<String, Object> response = handler.execute(invocation("db.query", Map.of("sql", "SELECT 1 AS one")));
        assertThat(rows(response)).containsExactly(Map.of("one", 1));
    }

    @Test
    void executeReturnsHowManyRowsItTouched() {
        assertThat(execute(handler, "INSERT INTO orders VALUES ($1, $2, $3), ($4, $5, $6)",
                1, "ada", 5, 2, "bob", new BigDecimal("6.5"))).isEqualTo(Map.of("row_count", 2L));
        assertThat(execute(handler, "UPDATE orders SET total = total + $1", 1)).isEqualTo(Map.of("row_count", 2L));
        assertThat(execute(handler, "DELETE FROM orders WHERE customer = $1", "nobody"))
                .isEqualTo(Map.of("row_count", 0L));
        assertThat(server.sql(DATABASE, "SELECT id, total FROM orders ORDER BY id")).isEqualTo("1|6.00\n2|7.50");
    }

    @Test
    void aTransactionRunsEveryStatementAndCountsEach() {
        Map<String, Object> response = handler.execute(invocation("db.transaction", transaction(
                statement("INSERT INTO orders VALUES ($1, $2, $3)", 1, "ada", 1),
                statement("INSERT INTO orders VALUES ($1, $2, $3), ($4, $5, $6)", 2, "bob", 2, 3, "cy", 3),
                statement("UPDATE orders SET total = 0 WHERE id > $1", 1))));
        assertThat(response).isEqualTo(Map.of("results", List.of(Map.of("row_count", 1L), Map.of("row_count", 2L),
                Map.of("row_count", 2L)), "row_count", 5L));
        assertThat(server.sql(DATABASE, "SELECT count(*) FROM orders")).isEqualTo("3");
    }

    @Test
    void aTransactionThatFailsHalfWayCommitsNothing() {
        OnexException error = failure(handler, "db.transaction", transaction(
                statement("INSERT INTO orders VALUES ($1, $2, $3)", 1, "ada", 1),
                statement("UPDATE orders SET total = $1 WHERE id = $2", 99, 1),
                statement("INSERT INTO orders VALUES ($1, $2, $3)", 1, "duplicate", 2),
                statement("INSERT INTO orders VALUES ($1, $2, $3)", 4, "never", 4)));
        assertThat(error.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
        assertThat(error.details()).containsEntry("sqlstate", "23505");
        // Checked over a connection of its own, outside the handler's pool.
        assertThat(server.sql(DATABASE, "SELECT count(*) FROM orders")).isEqualTo("0");
        assertThat(query(handler, "SELECT count(*) AS n FROM orders").get("rows")).isEqualTo(List.of(Map.of("n", 0L)));
    }

    @Test
    void everyJsonShapedParameterBinds() {
        server.sql(DATABASE, "CREATE TABLE IF NOT EXISTS kinds (id bigint, t text, n numeric, b bool, u uuid, ts timestamptz,"
                + " d date, j jsonb, a jsonb, nothing int)");
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("a", 1);
        object.put("nested", List.of(true, "x"));
        execute(handler, "INSERT INTO kinds VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)", 5_000_000_000L, "text",
                new BigDecimal("1.10"), true, "6f1d0e0a-1111-2222-3333-444455556666", "2024-01-31T10:15:30Z",
                "2024-01-31", object, List.of(1, 2), null);
        assertThat(server.sql(DATABASE, "SELECT id, t, n, b, u, ts AT TIME ZONE 'UTC', d, j, a, nothing IS NULL"
                + " FROM kinds")).isEqualTo("5000000000|text|1.10|t|6f1d0e0a-1111-2222-3333-444455556666|2024-01-31 10:15:30"
                + "|2024-01-31|{\"a\": 1, \"nested\": [true, \"x\"]}|[1, 2]|t");
    }

    @Test
    void resultValuesBecomeJsonShapedValues() {
        Map<String, Object> row = rows(query(handler, "SELECT 1::int2 AS small, 2::int4 AS regular, 3::int8 AS big,"
                + " 1.50::numeric AS exact, 0.5::float8 AS approx, 'NaN'::float8 AS nan, true AS flag, 'x' AS text,"
                + " '6f1d0e0a-1111-2222-3333-444455556666'::uuid AS id,"
                + " '2024-01-31 12:15:30+02'::timestamptz AS stamped, '2024-01-31 10:15:00'::timestamp AS local,"
                + " '2024-01-31'::date AS day, '10:15:00'::time AS clock, 'infinity'::timestamptz AS forever,"
                + " '1 day 2 hours'::interval AS span, '{\"a\": [1, 2.5, null]}'::jsonb AS doc,"
                + " '\\x0102ff'::bytea AS raw, ARRAY[[1, 2], [3, 4]] AS grid, '10.0.0.1'::inet AS address,"
                + " NULL::text AS missing")).getFirst();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("small", 1);
        expected.put("regular", 2);
        expected.put("big", 3L);
        expected.put("exact", new BigDecimal("1.50"));
        expected.put("approx", 0.5);
        expected.put("nan", "NaN");
        expected.put("flag", true);
        expected.put("text", "x");
        expected.put("id", "6f1d0e0a-1111-2222-3333-444455556666");
        expected.put("stamped", "2024-01-31T10:15:30Z");
        expected.put("local", "2024-01-31T10:15:00");
        expected.put("day", "2024-01-31");
        expected.put("clock", "10:15:00");
        expected.put("forever", "infinity");
        expected.put("span", "P1DT2H");
        expected.put("doc", Map.of("a", java.util.Arrays.asList(1, new BigDecimal("2.5"), null)));
        expected.put("raw", "AQL/");
        expected.put("grid", List.of(List.of(1, 2), List.of(3, 4)));
        expected.put("address", "10.0.0.1");
        expected.put("missing", null);
        assertThat(row).containsExactlyEntriesOf(expected);
    }

    @Test
    void describeListsTheThreeOperations() {
        DbHandlerFactory description = new DbHandlerFactory();
        assertThat(description.type()).isEqualTo("db");
        assertThat(description.operations()).extracting(HandlerDescription.Operation::name)
                .containsExactly("db.query", "db.execute", "db.transaction");
        assertThat(description.operations().getFirst().requiredFields()).containsExactly("sql");
        assertThat(description.operations().get(2).responseFields()).containsExactly("results", "row_count");
    }

    @Test
    void healthReportsThePoolAndThatTheDatabaseAnswers() {
        query(handler, "SELECT 1");
        var health = handler.health();
        assertThat(health.healthy()).isTrue();
        assertThat(health.details()).containsEntry("database_reachable", true).containsEntry("binding", "db");
        @SuppressWarnings("unchecked")
        Map<String, Object> pool = (Map<String, Object>) health.details().get("pool");
        assertThat(pool).containsEntry("max_size", 5).containsEntry("acquired", 0).containsEntry("pending", 0)
                .containsKeys("allocated", "idle");
        assertThat(health.details().toString()).doesNotContain(server.address().password());
    }

    @Test
    void anUnknownOperationIsAnInvalidOperation() {
        assertThat(failure(handler, "db.drop_everything", Map.of()).code()).isEqualTo(ErrorCode.INVALID_OPERATION);
    }

    @Test
    void malformedPayloadsAreEnvelopeValidationErrors() {
        assertThat(failure(handler, "db.query", Map.of()).getMessage()).contains("payload.sql is required");
        assertThat(failure(handler, "db.query", Map.of("sql", "SELECT $1", "parameters", "x")).getMessage())
                .contains("payload.parameters must be a list");
        assertThat(failure(handler, "db.transaction", Map.of("statements", List.of())).getMessage())
                .contains("payload.statements is required");
        assertThat(failure(handler, "db.transaction", Map.of("statements", List.of("SELECT 1"))).getMessage())
                .contains("payload.statements[0] must be an object");
        assertThat(failure(handler, "db.execute", Map.of("sql", "SELECT $1", "parameters", List.of(new Object())))
                .code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
    }

    @Test
    void aParameterCountThatDoesNotMatchThePlaceholdersIsRefused() {
        OnexException error = failure(handler, "db.execute", sql("INSERT INTO orders VALUES ($1, $2, $3)", 1, "ada"));
        assertThat(error.code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(error.retryable()).isFalse();
        assertThat(error.getMessage()).isEqualTo("db.execute: payload.sql has placeholders $1 to $3 but"
                + " db.execute: payload.parameters holds 2 values; send exactly one value per placeholder");
        assertThat(server.sql(DATABASE, "SELECT count(*) FROM orders")).isEqualTo("0");
    }

    @Test
    void statementsOutsideTheNodesTargetsAreNotAllowed() {
        OnexException error = failure(handler, invocation("db.query", sql("SELECT * FROM pg_authid"), List.of("orders")));
        assertThat(error.code()).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
        assertThat(error.getMessage()).contains("pg_authid");
        Map<String, Object> allowed = handler.execute(invocation("db.query", sql("SELECT count(*) AS n FROM orders"),
                List.of("orders")));
        assertThat(rows(allowed)).containsExactly(Map.of("n", 0L));
    }
}
