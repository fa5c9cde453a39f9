package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CA file of a Kafka TLS connection (a PEM trust store in {@code client_properties}) that is
 * missing or is not a certificate stops {@code ./onex-host} at start-up with exit 1 and one line
 * naming the key and the file, never a TLS stack trace. No broker is needed: the file is checked
 * before any Kafka client is built.
 */
class KafkaTrustStoreIT {

    private static final String KEY = "event_bus.config.client_properties.ssl.truststore.location";

    @TempDir
    Path dir;

    private Path contract(Path caFile) throws Exception {
        Launcher.write(dir, "nodes/echo.yaml", """
                schema_version: "1.0.0"
                name: echo
                node_type: EFFECT
                io_operations:
                  - handler: local
                    operations: [local.echo]
                """);
        return Launcher.write(dir, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: tls_kafka_host
                  version: "1.0.0"
                  environment: dev
                  event_bus:
                    kind: kafka
                    config:
                      bootstrap_servers: "127.0.0.1:9093"
                      consumer_group: onex-tls-test
                      topics: { input: onex.tls.orders.cmd.v1, output: onex.tls.orders.evt.v1, dead_letter: onex.tls.orders.error.v1 }
                      client_properties:
                        security.protocol: SSL
                        ssl.truststore.type: PEM
                        ssl.truststore.location: "%s"
                  handlers:
                    - type: local
                  nodes_dir: nodes
                """.formatted(caFile));
    }

    private static void assertOneClearLine(Launcher.Result result, Path caFile, String why) {
        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
        assertThat(result.stderr()).contains(KEY, "'" + caFile + "'", why);
        assertThat(result.stderr()).doesNotContain("\tat ", "SSLHandshakeException", "KafkaException",
                "Failed to construct");
        assertThat(result.stderr().lines().filter(line -> line.contains(caFile.toString()))).hasSize(1);
    }

    @Test
    void aMissingCaFileStopsStartUpNamingTheFileAndTheKey() throws Exception {
        Path missing = dir.resolve("certs/kafka-ca.pem");
        Launcher.Result result = Launcher.run("dev", contract(missing).toString());
        assertOneClearLine(result, missing, "does not exist");
    }

    @Test
    void aCaFileThatIsNoCertificateStopsStartUpNamingTheFileAndTheKey() throws Exception {
        Path garbage = Files.writeString(dir.resolve("kafka-ca.pem"), "not a certificate at all\n");
        Launcher.Result result = Launcher.run("dev", contract(garbage).toString());
        assertOneClearLine(result, garbage, "is not a PEM certificate file");
    }
}
