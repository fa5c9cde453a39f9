package io.onex.handler.db;

import static io.onex.handler.db.DbTesting.failure;
import static io.onex.handler.db.DbTesting.query;
import static io.onex.handler.db.DbTesting.sql;
import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.OnexException;
import io.onex.testkit.PostgresFixture;
import io.onex.testkit.PostgresServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The database goes away and comes back: the handler reports it and recovers by itself. */
class DbHandlerRestartTest {

    private PostgresServer server;
    private DbHandler handler;

    @BeforeEach
    void start() {
        // A server of its own: these tests take it away.
        server = PostgresFixture.startPrivate();
        handler = DbTesting.start(server.address(), Map.of("pool_size", 3));
        // Fill the pool with idle connections that the outage will break.
        for (int i = 0; i < 3; i++) {
            query(handler, "SELECT 1");
        }
    }

    @AfterEach
    void stop() {
        handler.shutdown();
        server.close();
    }

    private void assertServes() {
        assertThat(query(handler, "SELECT 42 AS answer").get("rows")).isEqualTo(List.of(Map.of("answer", 42)));
    }

    private void assertConnectionErrors() {
        for (int i = 0; i < 3; i++) {
            OnexException error = failure(handler, "db.query", sql("SELECT 1"));
            assertThat(error.code()).isIn(ErrorCode.CONNECTION_ERROR, ErrorCode.SERVICE_UNAVAILABLE);
            assertThat(error.retryable()).isTrue();
        }
        assertThat(handler.health().healthy()).isFalse();
        assertThat(handler.health().details()).containsEntry("database_reachable", false);
    }

    @Test
    void aStoppedDatabaseGivesConnectionErrorsAndServiceResumesWhenItIsBack() {
        server.stop();
        assertConnectionErrors();
        server.start();
        assertServes();
        assertThat(handler.health().healthy()).isTrue();
    }

    @Test
    void aCrashedDatabaseGivesConnectionErrorsAndServiceResumesWhenItIsBack() {
        server.kill();
        assertConnectionErrors();
        server.start();
        assertServes();
    }

    @Test
    void healthRecoversWithoutAnyCallOnceTheDatabaseIsBack() {
        server.stop();
        assertConnectionErrors();
        server.start();
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var health = handler.health();
            assertThat(health.healthy()).isTrue();
            assertThat(health.details()).containsEntry("database_reachable", true);
        });
    }

    @Test
    void aHandlerStartsWhileItsDatabaseIsDownAndServesOnceItIsUp() {
        server.stop();
        DbHandler late = DbTesting.start(server.address(), Map.of());
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !late.health().healthy());
            server.start();
            assertThat(query(late, "SELECT 1 AS up").get("rows")).isEqualTo(List.of(Map.of("up", 1)));
        } finally {
            late.shutdown();
        }
    }
}
