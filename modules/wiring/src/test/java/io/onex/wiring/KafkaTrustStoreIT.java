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

    private Path contract(Path caFile) {
        HostFixture.writeEchoNode(dir);
        return HostFixture.kafkaContract("tls_kafka_host", "127.0.0.1:9093", "onex-tls-test", HostFixture.Topics.of("tls"))
                .clientProperty("security.protocol", "SSL")
                .clientProperty("ssl.truststore.type", "PEM")
                .clientProperty("ssl.truststore.location", "\"" + caFile + "\"")
                .write(dir);
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
