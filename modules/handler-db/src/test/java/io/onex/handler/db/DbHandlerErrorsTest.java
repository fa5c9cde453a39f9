package io.onex.handler.db;

import static io.onex.handler.db.DbTesting.failure;
import static io.onex.handler.db.DbTesting.query;
import static io.onex.handler.db.DbTesting.sql;
import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.host.api.OnexException;
import io.onex.testkit.PostgresAddress;
import io.onex.testkit.PostgresFixture;
import io.onex.testkit.PostgresServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How database failures become error codes, provoked for real. */
class DbHandlerErrorsTest {

    private static final String DATABASE = "handler_errors";
    private static PostgresServer server;
    private static PostgresAddress address;
    private static DbHandler handler;

    @BeforeAll
    static void startHandler() {
        server = PostgresFixture.shared();
        address = server.createDatabase(DATABASE);
        server.sql(DATABASE, "CREATE TABLE accounts (id int PRIMARY KEY, email text UNIQUE NOT NULL, balance int"
                + " CHECK (balance >= 0))");
        server.sql(DATABASE, "INSERT INTO accounts VALUES (1, 'ada@example.com', 10)");
        handler = DbTesting.start(address, Map.of("statement_timeout_ms", 500));
    }

    @AfterAll
    static void stopHandler() {
        handler.shutdown();
    }

    private static OnexException fails(String operation, String sql, Object... parameters) {
        OnexException error = failure(handler, operation, sql(sql, parameters));
        assertSafe(error);
        return error;
    }

    /** No error may carry the password or a connection string. */
    private static void assertSafe(OnexException error) {
        String wire = error.toError(HandlerType.of("db"), "db.query").toString() + error.getMessage();
        assertThat(wire).doesNotContain(address.password()).doesNotContain("r2dbc:");
    }

    @Test
    void aSyntaxErrorIsAPermanentExecutionErrorWithItsSqlState() {
        OnexException error = fails("db.query", "SELEC 1");
        assertThat(error.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
        assertThat(error.retryable()).isFalse();
        assertThat(error.details()).containsEntry("sqlstate", "42601");
        assertThat(error.getMessage()).startsWith("db binding 'db': ").contains("SQLSTATE 42601 (syntax_error)");
    }

    @Test
    void aBindingThatOptsInGetsTheServersOwnText() {
        DbHandler exposing = DbTesting.start(address, Map.of("expose_database_errors", true));
        try {
            OnexException error = failure(exposing, "db.query", sql("SELECT * FROM missing_table"));
            assertThat(error.getMessage()).contains("relation \"missing_table\" does not exist");
        } finally {
            exposing.shutdown();
        }
    }

    @Test
    void aMissingTableNamesItself() {
        OnexException error = fails("db.query", "SELECT * FROM missing_table");
        assertThat(error.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
        assertThat(error.details()).containsEntry("sqlstate", "42P01");
        assertThat(error.getMessage()).contains("SQLSTATE 42P01 (undefined_table)").doesNotContain("missing_table");
    }

    @Test
    void aConstraintViolationNamesTheConstraintButNotTheValues() {
        OnexException error = fails("db.execute", "INSERT INTO accounts VALUES ($1, $2, $3)", 2, "ada@example.com", 1);
        assertThat(error.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
        assertThat(error.retryable()).isFalse();
        assertThat(error.details()).containsEntry("sqlstate", "23505").containsEntry("constraint", "accounts_email_key")
                .containsEntry("table", "accounts");
        assertThat(error.getMessage()).doesNotContain("ada@example.com");
    }

    @Test
    void aCheckViolationIsPermanent() {
        OnexException error = fails("db.execute", "UPDATE accounts SET balance = $1 WHERE id = $2", -5, 1);
        assertThat(error.details()).containsEntry("sqlstate", "23514");
        assertThat(error.retryable()).isFalse();
    }

    @Test
    void aDataErrorIsPermanent() {
        OnexException error = fails("db.query", "SELECT 1 / $1", 0);
        assertThat(error.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
        assertThat(error.details()).containsEntry("sqlstate", "22012");
        OnexException badText = fails("db.query", "SELECT $1::int", "not a number");
        assertThat(badText.details()).containsEntry("sqlstate", "22P02");
    }

    @Test
    void aStatementLongerThanTheStatementTimeoutIsATimeout() {
        OnexException error = fails("db.query", "SELECT pg_sleep(5)");
        assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(error.retryable()).isTrue();
        assertThat(error.details()).containsEntry("sqlstate", "57014");
        assertThat(error.getMessage()).contains("statement_timeout_ms (500 ms)");
        assertThat(query(handler, "SELECT 1 AS ok").get("row_count")).isEqualTo(1L);
    }

    @ParameterizedTest(name = "SQLSTATE {0} is {1}, retryable {2}")
    @CsvSource({
        "40001, HANDLER_EXECUTION_ERROR, true",
        "40P01, HANDLER_EXECUTION_ERROR, true",
        "53300, SERVICE_UNAVAILABLE, true",
        "57P01, SERVICE_UNAVAILABLE, true",
        "58030, SERVICE_UNAVAILABLE, true",
        "08006, CONNECTION_ERROR, true",
        "28000, AUTHENTICATION_ERROR, false",
        "42501, HANDLER_EXECUTION_ERROR, false",
        "P0001, HANDLER_EXECUTION_ERROR, false"})
    void serverErrorsMapByTheirSqlStateClass(String sqlState, ErrorCode code, boolean retryable) {
        // The server raises the error itself, exactly as it would send it for the real condition.
        DbHandler own = DbTesting.start(address, Map.of());
        try {
            OnexException error = failure(own, "db.execute", sql("DO $$ BEGIN RAISE EXCEPTION 'raised on purpose'"
                    + " USING ERRCODE = '" + sqlState + "'; END $$"));
            assertThat(error.code()).isEqualTo(code);
            assertThat(error.retryable()).isEqualTo(retryable);
            assertThat(error.details()).containsEntry("sqlstate", sqlState);
        } finally {
            own.shutdown();
        }
    }

    @Test
    void aWrongPasswordIsAnAuthenticationError() {
        DbHandler wrong = DbHandler.create(DbTesting.binding(DbTesting.config(address, Map.of())),
                DbTesting.secrets("not-the-password"));
        wrong.initialize();
        try {
            OnexException error = failure(wrong, "db.query", sql("SELECT 1"));
            assertThat(error.code()).isEqualTo(ErrorCode.AUTHENTICATION_ERROR);
            assertThat(error.retryable()).isFalse();
            assertThat(error.details()).containsEntry("sqlstate", "28P01");
            assertThat(error.getMessage()).contains("refused the login of user 'onex'").doesNotContain("not-the-password");
            assertThat(wrong.health().healthy()).isFalse();
        } finally {
            wrong.shutdown();
        }
    }

    @Test
    void aDatabaseThatIsNotListeningIsAConnectionError() throws IOException {
        DbHandler nowhere = DbTesting.start(new PostgresAddress("127.0.0.1", unusedPort(), "x", "onex", "pw"), Map.of());
        try {
            OnexException error = failure(nowhere, "db.query", sql("SELECT 1"));
            assertThat(error.code()).isEqualTo(ErrorCode.CONNECTION_ERROR);
            assertThat(error.retryable()).isTrue();
            assertThat(error.getMessage()).doesNotContain("pw");
            assertThat(nowhere.health().healthy()).isFalse();
            assertThat(nowhere.health().details()).containsEntry("database_reachable", false);
        } finally {
            nowhere.shutdown();
        }
    }

    @Test
    void requiringTlsFromAServerWithoutItIsAConnectionError() {
        DbHandler tls = DbTesting.start(address, Map.of("ssl_mode", "require"));
        try {
            OnexException error = failure(tls, "db.query", sql("SELECT 1"));
            assertThat(error.code()).isEqualTo(ErrorCode.CONNECTION_ERROR);
            assertThat(tls.health().healthy()).isFalse();
        } finally {
            tls.shutdown();
        }
    }

    @Test
    void preferringTlsFallsBackToPlainConnectionsWhenTheServerHasNone() {
        DbHandler tls = DbTesting.start(address, Map.of("ssl_mode", "prefer"));
        try {
            assertThat(query(tls, "SELECT 1 AS plain").get("row_count")).isEqualTo(1L);
        } finally {
            tls.shutdown();
        }
    }

    @Test
    void anUnknownDatabaseIsAPermanentErrorAndMakesTheBindingUnhealthy() {
        DbHandler lost = DbTesting.start(address.withDatabase("no_such_database"), Map.of());
        try {
            OnexException error = failure(lost, "db.query", sql("SELECT 1"));
            assertThat(error.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
            assertThat(error.details()).containsEntry("sqlstate", "3D000");
            assertThat(lost.health().healthy()).isFalse();
        } finally {
            lost.shutdown();
        }
    }

    @Test
    void parameterMismatchesAreRefusedBeforeAnyConnectionIsTried() throws IOException {
        DbHandler nowhere = DbTesting.start(new PostgresAddress("127.0.0.1", unusedPort(), "x", "onex", "pw"), Map.of());
        try {
            assertThat(failure(nowhere, "db.query", sql("SELECT $1, $2", 1)).code())
                    .isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
            assertThat(failure(nowhere, "db.query", sql("SELECT 1", 1)).code())
                    .isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
            assertThat(failure(nowhere, "db.query", sql("SELECT 1; SELECT 2")).code())
                    .isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        } finally {
            nowhere.shutdown();
        }
    }

    @Test
    void theBindingTimeoutBoundsAWholeCallAndCancelsTheStatement() {
        DbHandler bounded = DbHandler.create(DbTesting.binding(DbTesting.config(address, Map.of("pool_size", 1)),
                Optional.of(Duration.ofMillis(300))), DbTesting.secrets(address.password()));
        bounded.initialize();
        try {
            OnexException error = failure(bounded, "db.query", sql("SELECT pg_sleep(3)"));
            assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(error.getMessage()).contains("timeout_ms (300 ms)");
            // The statement was cancelled on the server, and the pool's one connection serves again.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> server.sql(DATABASE,
                    "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(3)' AND state = 'active'")
                    .equals("0"));
            assertThat(query(bounded, "SELECT 2 AS two").get("rows")).isEqualTo(List.of(Map.of("two", 2)));
        } finally {
            bounded.shutdown();
        }
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
