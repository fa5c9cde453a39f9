package io.onex.bus.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.ProtocolConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CA file of a Kafka TLS connection is checked before any client is built: a real PEM
 * certificate (made by the JDK's keytool) passes; a missing, unreadable or garbage file, or PEM
 * text under the default JKS type, fails with one line naming the key and the file.
 */
class TrustStoreCheckTest {

    @TempDir
    static Path dir;

    private static Path certificate;

    @BeforeAll
    static void makeCertificate() throws Exception {
        Path keystore = dir.resolve("ca.p12");
        certificate = dir.resolve("ca.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(List.of(keytool, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=onex test CA",
                "-validity", "2", "-keystore", keystore.toString(), "-storepass", "changeit", "-storetype", "PKCS12"));
        run(List.of(keytool, "-exportcert", "-rfc", "-alias", "ca", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-file", certificate.toString()));
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("keytool failed: " + new String(process.getInputStream().readAllBytes()));
        }
    }

    private static Map<String, String> pem(Path file) {
        return Map.of("ssl.truststore.location", file.toString(), "ssl.truststore.type", "PEM");
    }

    @Test
    void aPemCertificatePasses() throws Exception {
        assertThatCode(() -> TrustStoreCheck.check(pem(certificate))).doesNotThrowAnyException();
        assertThatCode(() -> TrustStoreCheck.check(Map.of("ssl.truststore.certificates", Files.readString(certificate))))
                .doesNotThrowAnyException();
        assertThatCode(() -> TrustStoreCheck.check(Map.of())).doesNotThrowAnyException();
    }

    @Test
    void aMissingFileIsNamedWithItsKey() {
        Path missing = dir.resolve("nowhere/ca.pem");
        assertThatThrownBy(() -> TrustStoreCheck.check(pem(missing)))
                .isInstanceOf(ProtocolConfigurationException.class)
                .hasMessage("event_bus.config.client_properties.ssl.truststore.location: the CA file '" + missing
                        + "' does not exist; mount the CA bundle there or correct the path");
    }

    @Test
    void aFileThatIsNoCertificateIsRefused() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "this is not a certificate\n");
        assertThatThrownBy(() -> TrustStoreCheck.check(pem(garbage)))
                .hasMessageContaining("ssl.truststore.location", garbage.toString(), "is not a PEM certificate file");
        Path broken = Files.writeString(dir.resolve("broken.pem"),
                "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> TrustStoreCheck.check(pem(broken)))
                .hasMessageContaining(broken.toString(), "is not a PEM certificate file");
        assertThatThrownBy(() -> TrustStoreCheck.check(Map.of("ssl.truststore.certificates", "garbage")))
                .hasMessageContaining("ssl.truststore.certificates holds no PEM certificate");
    }

    @Test
    void pemTextUnderTheDefaultTypeGetsTheFix() {
        assertThatThrownBy(() -> TrustStoreCheck.check(Map.of("ssl.truststore.location", certificate.toString())))
                .hasMessageContaining(certificate.toString(), "is PEM text but ssl.truststore.type is JKS",
                        "set ssl.truststore.type: PEM");
    }

    @Test
    void aDirectoryOrAnUnreadableFileIsNamed() throws Exception {
        assertThatThrownBy(() -> TrustStoreCheck.check(pem(dir)))
                .hasMessageContaining(dir.toString(), "is a directory");
        Path locked = Files.copy(certificate, dir.resolve("locked.pem"));
        assertThat(locked.toFile().setReadable(false, false)).isTrue();
        if (!Files.isReadable(locked)) { // root reads every file: nothing to test then
            assertThatThrownBy(() -> TrustStoreCheck.check(pem(locked)))
                    .hasMessageContaining(locked.toString(), "cannot be read by the host (permission denied)");
        }
    }
}
