package io.onex.handler.db;

import static io.onex.handler.db.DbTesting.failure;
import static io.onex.handler.db.DbTesting.query;
import static io.onex.handler.db.DbTesting.sql;
import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.OnexException;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.SecretRef;
import io.onex.testkit.PostgresAddress;
import io.onex.testkit.PostgresFixture;
import io.onex.testkit.PostgresServer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A password rotated at the database reaches the handler without a restart: new connections read
 * the password through the secret lookup, and a refused login refreshes it once from its source.
 * The refused login is PostgreSQL's own; the secret source is a small in-test store with a cache
 * in front of it, standing in for the resolver's cache.
 */
class DbPasswordRotationTest {

    private static final String DATABASE = "password_rotation";
    private static PostgresServer server;
    private static PostgresAddress admin;

    private final RotatingSecret secret = new RotatingSecret();

    @BeforeAll
    static void startDatabase() {
        server = PostgresFixture.shared();
        admin = server.createDatabase(DATABASE);
    }

    @BeforeEach
    void createRole() {
        server.sql(DATABASE, "DROP ROLE IF EXISTS rotating");
        server.sql(DATABASE, "CREATE ROLE rotating LOGIN PASSWORD 'first-password-4711'");
        secret.rotate("first-password-4711");
        secret.refreshes.set(0);
    }

    @Test
    void aPasswordRotatedWhileRunningIsRefreshedOnceAndTheCallSucceeds() {
        DbHandler handler = start();
        try {
            assertThat(query(handler, "SELECT 1 AS one")).containsEntry("row_count", 1L);

            rotateAtTheDatabase("second-password-0815");
            secret.rotate("second-password-0815"); // the store has it; the cache still holds the old one

            assertThat(query(handler, "SELECT 2 AS two")).containsEntry("row_count", 1L);
            assertThat(secret.refreshes).hasValue(1);
        } finally {
            handler.shutdown();
        }
    }

    @Test
    void aPasswordThatIsStillWrongAfterTheRefreshIsAnAuthenticationErrorWithoutTheValue() {
        DbHandler handler = start();
        try {
            // One call first: the pool's background check has logged in by then, so no login can be
            // half done while the password changes.
            assertThat(query(handler, "SELECT 1 AS one")).containsEntry("row_count", 1L);
            rotateAtTheDatabase("third-password-1234"); // the secret store never learns it

            OnexException error = failure(handler, "db.query", sql("SELECT 1"));

            assertThat(error.code()).isEqualTo(ErrorCode.AUTHENTICATION_ERROR);
            assertThat(error.getMessage()).doesNotContain("first-password-4711").doesNotContain("third-password-1234");
            assertThat(secret.refreshes).hasValue(1);
        } finally {
            handler.shutdown();
        }
    }

    private DbHandler start() {
        Map<String, Object> config = DbTesting.config(new PostgresAddress(admin.host(), admin.port(), DATABASE,
                "rotating", "unused"), Map.of("pool_size", 1));
        DbHandler handler = DbHandler.create(DbTesting.binding(config), secret);
        handler.initialize();
        return handler;
    }

    /** Changes the role's password and ends its sessions, so the pool must log in again. */
    private static void rotateAtTheDatabase(String password) {
        server.sql(DATABASE, "ALTER ROLE rotating PASSWORD '" + password + "'");
        // pg_terminate_backend(pid, timeout) waits (bounded) until each session has ended.
        server.sql(DATABASE, "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE usename = 'rotating'");
    }

    /** A secret store with a cache in front: apply answers from the cache, refresh re-reads the store. */
    private static final class RotatingSecret implements Secrets {
        private final AtomicReference<String> store = new AtomicReference<>();
        private final AtomicReference<String> cache = new AtomicReference<>();
        private final AtomicInteger refreshes = new AtomicInteger();

        void rotate(String password) {
            if (cache.get() == null || store.get() == null) {
                cache.set(password);
            }
            store.set(password);
        }

        @Override
        public String apply(SecretRef ref) {
            assertThat(ref).isEqualTo(DbTesting.PASSWORD_REF);
            return cache.get();
        }

        @Override
        public String refresh(SecretRef ref) {
            refreshes.incrementAndGet();
            cache.set(store.get());
            return cache.get();
        }
    }
}
