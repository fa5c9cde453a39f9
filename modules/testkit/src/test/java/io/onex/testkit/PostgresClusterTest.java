package io.onex.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresClusterTest {

    private static PostgresServer server;

    @BeforeAll
    static void startServer() {
        server = PostgresFixture.startPrivate();
    }

    @AfterAll
    static void closeServer() {
        server.close();
    }

    private static boolean acceptsTcp(PostgresAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.host(), address.port()), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aStartedClusterRunsSqlAndListensOnLoopback() {
        assertThat(server.isRunning()).isTrue();
        assertThat(server.sql("postgres", "SELECT 1 + 1")).isEqualTo("2");
        assertThat(server.address().host()).isEqualTo("127.0.0.1");
        assertThat(acceptsTcp(server.address())).isTrue();
    }

    @Test
    void tcpLoginsNeedTheGeneratedPassword() {
        assertThat(server.sql("postgres", "SELECT DISTINCT auth_method FROM pg_hba_file_rules WHERE type = 'host'"))
                .isEqualTo("scram-sha-256");
        assertThat(server.address().password()).hasSize(24);
        assertThat(server.address().toString()).doesNotContain(server.address().password());
    }

    @Test
    void createdDatabasesAreSeparate() {
        PostgresAddress first = server.createDatabase("cluster_test_first");
        server.sql(first.database(), "CREATE TABLE t (v int); INSERT INTO t VALUES (1), (2)");
        assertThat(server.sql(first.database(), "SELECT v, v * 10 FROM t ORDER BY v")).isEqualTo("1|10\n2|20");
        PostgresAddress second = server.createDatabase("cluster_test_second");
        assertThatThrownBy(() -> server.sql(second.database(), "SELECT * FROM t"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not exist");
    }

    @Test
    void databaseNamesMustBePlainIdentifiers() {
        assertThatThrownBy(() -> server.createDatabase("x; DROP DATABASE postgres"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStoppedClusterStartsAgainOnTheSamePortWithItsData() {
        PostgresAddress address = server.createDatabase("cluster_test_restart");
        server.sql(address.database(), "CREATE TABLE kept (v int); INSERT INTO kept VALUES (7)");
        server.stop();
        assertThat(server.isRunning()).isFalse();
        assertThat(acceptsTcp(address)).isFalse();
        server.start();
        assertThat(server.address()).isEqualTo(address.withDatabase("postgres"));
        assertThat(server.sql(address.database(), "SELECT v FROM kept")).isEqualTo("7");
    }

    @Test
    void aKilledClusterRecoversOnStart() {
        PostgresAddress address = server.createDatabase("cluster_test_crash");
        server.sql(address.database(), "CREATE TABLE survived (v int); INSERT INTO survived VALUES (9)");
        server.kill();
        assertThat(server.isRunning()).isFalse();
        assertThat(acceptsTcp(address)).isFalse();
        server.start();
        assertThat(server.isRunning()).isTrue();
        assertThat(server.sql(address.database(), "SELECT v FROM survived")).isEqualTo("9");
    }

    @Test
    void closingDeletesTheClusterAndIsIdempotent() {
        PostgresCluster cluster = PostgresCluster.create();
        String folder = cluster.toString().replaceAll(".*folder (.*)]", "$1");
        cluster.close();
        cluster.close();
        assertThat(cluster.isRunning()).isFalse();
        assertThat(java.nio.file.Files.exists(java.nio.file.Path.of(folder))).isFalse();
        assertThatThrownBy(() -> cluster.sql("postgres", "SELECT 1")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theSharedServerIsOneAndRestartsIfStopped() {
        PostgresServer shared = PostgresFixture.shared();
        assertThat(PostgresFixture.shared()).isSameAs(shared);
        shared.stop();
        assertThat(PostgresFixture.shared()).isSameAs(shared);
        assertThat(shared.isRunning()).isTrue();
    }
}
