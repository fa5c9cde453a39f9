package io.onex.handler.db;

import static io.onex.handler.db.DbTesting.failure;
import static io.onex.handler.db.DbTesting.query;
import static io.onex.handler.db.DbTesting.sql;
import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.OnexException;
import io.onex.testkit.PostgresAddress;
import io.onex.testkit.PostgresFixture;
import io.onex.testkit.PostgresServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fences the database itself enforces, checked below the handler's own text checks: a
 * request built directly (as if the checks had missed something) still cannot run a second
 * statement, and a {@code db.query} still cannot write.
 */
class DbFencesTest {

    private static final String DATABASE = "fences_unit";
    private static PostgresServer server;
    private static PostgresAddress address;
    private static DbHandler handler;

    @BeforeAll
    static void start() {
        server = PostgresFixture.shared();
        address = server.createDatabase(DATABASE);
        server.sql(DATABASE, "CREATE TABLE kept (id int PRIMARY KEY); INSERT INTO kept VALUES (1), (2)");
        handler = DbTesting.start(address, Map.of("pool_size", 1));
    }

    @AfterAll
    static void stop() {
        if (handler != null) {
            handler.shutdown();
        }
    }

    private static OnexException runDirectly(DbRequest request) {
        try {
            Map<String, Object> response = handler.run(request, "orders");
            throw new AssertionError("the request ran: " + response);
        } catch (OnexException e) {
            return e;
        }
    }

    @Test
    void aSmuggledSecondStatementNeverRuns() {
        OnexException error = runDirectly(new DbRequest.Execute(
                new DbRequest.Statement("SELECT 1; DELETE FROM kept", List.of())));
        assertThat(error.details()).containsEntry("sqlstate", "42601");
        assertThat(server.sql(DATABASE, "SELECT count(*) FROM kept")).isEqualTo("2");
    }

    @Test
    void aQueryCannotWrite() {
        OnexException error = runDirectly(new DbRequest.Query(
                new DbRequest.Statement("DELETE FROM kept RETURNING id", List.of())));
        assertThat(error.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
        assertThat(error.details()).containsEntry("sqlstate", "25006");
        assertThat(error.getMessage()).contains("SQLSTATE 25006 (read_only_sql_transaction)");
        assertThat(server.sql(DATABASE, "SELECT count(*) FROM kept")).isEqualTo("2");
    }

    @Test
    void refusedStatementsLeaveTheOneConnectionUsable() {
        for (int i = 0; i < 3; i++) {
            assertThat(failure(handler, "db.query", sql("SELEC 1")).details()).containsEntry("sqlstate", "42601");
            assertThat(failure(handler, "db.query", sql("DELETE FROM kept")).details()).containsEntry("sqlstate", "25006");
            assertThat(failure(handler, "db.execute", sql("INSERT INTO kept VALUES ($1)", 1)).details())
                    .containsEntry("sqlstate", "23505");
            assertThat(query(handler, "SELECT count(*) AS n FROM kept")).containsEntry("rows", List.of(Map.of("n", 2L)));
        }
    }

    @Test
    void aFailedTransactionGivesItsConnectionBack() {
        OnexException error = failure(handler, "db.transaction", Map.of("statements", List.of(
                sql("INSERT INTO kept VALUES ($1)", 10), sql("INSERT INTO kept VALUES ($1)", 10))));
        assertThat(error.details()).containsEntry("sqlstate", "23505");
        assertThat(query(handler, "SELECT count(*) AS n FROM kept")).containsEntry("row_count", 1L);
    }
}
