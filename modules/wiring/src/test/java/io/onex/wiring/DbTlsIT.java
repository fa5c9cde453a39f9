package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.Envelope;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.host.api.ProtocolConfigurationException;
import io.onex.testkit.PostgresFixture;
import io.onex.testkit.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssl_mode: verify-full} with a private CA ({@code ssl_root_cert}) through the whole host,
 * against a PostgreSQL server whose certificate a test CA signed (made here with the
 * {@code openssl} command): the right CA connects over TLS; a wrong CA is a CONNECTION_ERROR
 * naming the file; a missing file stops the host at start-up, naming it.
 */
class DbTlsIT {

    @TempDir
    static Path dir;

    private static PostgresServer server;
    private static Path caCertificate;
    private static Path otherCa;

    @BeforeAll
    static void startServer() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                "-days", "2", "-subj", "/CN=onex test CA");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out", "other-ca.crt",
                "-days", "2", "-subj", "/CN=some other CA");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=127.0.0.1");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.crt", "-days", "2", "-extfile", "san.ext");
        caCertificate = dir.resolve("ca.crt");
        otherCa = dir.resolve("other-ca.crt");
        server = PostgresFixture.startPrivateWithTls(dir.resolve("server.crt"), dir.resolve("server.key"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static void openssl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(dir.resolve("openssl.log"))).isZero();
    }

    private static RunningHost host(String name, Path rootCert) throws IOException {
        Path password = Files.writeString(dir.resolve(name + "-password"), server.address().password());
        Launcher.write(dir, name + "/runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: tls_host
                  version: "1.0.0"
                  environment: prod
                  event_bus:
                    kind: inmemory
                  handlers:
                    - type: db
                      config:
                        url: "%s"
                        username: onex
                        password: { secret_ref: "file:%s" }
                        ssl_mode: verify-full
                        ssl_root_cert: "%s"
                        # A TLS connection on a loaded machine can take more than the default 2 s to open.
                        acquire_timeout_ms: 20000
                  nodes_dir: nodes
                """.formatted(server.address().r2dbcUrl(), password, rootCert));
        Launcher.write(dir, name + "/nodes/probe.yaml", """
                schema_version: "1.0.0"
                name: probe
                node_type: EFFECT
                io_operations:
                  - handler: db
                    operations: [db.query]
                """);
        return OnexHost.builder().build().start(dir.resolve(name + "/runtime.yaml"), Map.of(),
                StartOptions.defaults().log(new ByteArrayOutputStream(), System.Logger.Level.INFO));
    }

    private static Envelope ask(RunningHost host) {
        return host.call(Envelope.request("probe", HandlerType.of("db"), "db.query",
                Map.of("sql", "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")), Duration.ofSeconds(60));
    }

    @Test
    void verifyFullWithTheRightCaConnectsOverTls() throws Exception {
        RunningHost host = host("right", caCertificate);
        try {
            Envelope response = ask(host);
            assertThat(response.success()).as("%s", response.error()).isTrue();
            assertThat(response.payload()).containsEntry("rows", List.of(Map.of("ssl", true)));
        } finally {
            host.close();
        }
    }

    @Test
    void aWrongCaIsAConnectionErrorNamingTheFile() throws Exception {
        RunningHost host = host("wrong", otherCa);
        try {
            Envelope response = ask(host);
            assertThat(response.success()).isFalse();
            assertThat(response.error().code()).isEqualTo(ErrorCode.CONNECTION_ERROR);
            assertThat(response.error().message()).contains("the server's certificate is not trusted")
                    .contains("ssl_root_cert '" + otherCa + "'").doesNotContain("\tat ");
        } finally {
            host.close();
        }
    }

    @Test
    void aMissingCaFileStopsTheHostNamingIt() {
        Path missing = dir.resolve("no-such-ca.crt");
        assertThatThrownBy(() -> host("missing", missing).close())
                .isInstanceOf(ProtocolConfigurationException.class)
                .hasMessageContaining("config.ssl_root_cert '" + missing + "' does not exist or cannot be read");
    }
}
