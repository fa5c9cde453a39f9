package io.onex.bus.kafka;

import io.onex.host.api.ProtocolConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import java.util.Map;

/**
 * Checks, before any client is built, the CA file a Kafka TLS connection trusts: the
 * {@code ssl.truststore.location} among the contract's {@code client_properties}. A file that is
 * missing, unreadable, or (for {@code ssl.truststore.type: PEM}) holds no PEM certificate stops
 * start-up with one line naming the key and the file, where the Kafka client would fail later
 * with a TLS stack trace. Inline certificates ({@code ssl.truststore.certificates}) are checked
 * the same way.
 */
final class TrustStoreCheck {

    static final String LOCATION = "ssl.truststore.location";
    static final String TYPE = "ssl.truststore.type";
    static final String CERTIFICATES = "ssl.truststore.certificates";

    private static final String PREFIX = "event_bus.config.client_properties.";
    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
    /** Far above any CA bundle; a larger file is not one. */
    private static final long MAX_BYTES = 4L * 1024 * 1024;

    private TrustStoreCheck() {
    }

    /**
     * Checks the trust store settings among {@code properties}, the contract's client properties.
     *
     * @throws ProtocolConfigurationException naming the key and the file when the CA cannot be used
     */
    static void check(Map<String, String> properties) {
        String type = properties.getOrDefault(TYPE, "JKS").trim().toUpperCase(Locale.ROOT);
        String inline = properties.get(CERTIFICATES);
        if (inline != null && !holdsCertificates(inline.getBytes(StandardCharsets.UTF_8))) {
            throw new ProtocolConfigurationException(PREFIX + CERTIFICATES + " holds no PEM certificate;"
                    + " give the CA as " + BEGIN + " ... blocks, or use " + LOCATION + " with " + TYPE + ": PEM");
        }
        String location = properties.get(LOCATION);
        if (location == null) {
            return;
        }
        byte[] content = read(location);
        boolean pemText = new String(content, 0, (int) Math.min(content.length, 4096), StandardCharsets.ISO_8859_1)
                .contains("-----BEGIN");
        if (type.equals("PEM")) {
            if (!holdsCertificates(content)) {
                throw new ProtocolConfigurationException(PREFIX + LOCATION + ": the CA file '" + location
                        + "' is not a PEM certificate file (" + TYPE + " is PEM; expected " + BEGIN + " blocks)");
            }
        } else if (pemText) {
            throw new ProtocolConfigurationException(PREFIX + LOCATION + ": the CA file '" + location
                    + "' is PEM text but " + TYPE + " is " + type + "; set " + TYPE + ": PEM");
        }
    }

    private static byte[] read(String location) {
        Path file = Path.of(location);
        try {
            if (Files.isDirectory(file)) {
                throw unusable(location, "is a directory, not a file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw unusable(location, "is larger than " + MAX_BYTES / 1024 / 1024 + " MiB, too large for a CA file");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw unusable(location, "does not exist; mount the CA bundle there or correct the path");
        } catch (AccessDeniedException e) {
            throw unusable(location, "cannot be read by the host (permission denied)");
        } catch (IOException e) {
            throw unusable(location, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static ProtocolConfigurationException unusable(String location, String why) {
        return new ProtocolConfigurationException(PREFIX + LOCATION + ": the CA file '" + location + "' " + why);
    }

    /** Whether {@code content} is PEM text with at least one X.509 certificate, every block readable. */
    private static boolean holdsCertificates(byte[] content) {
        if (!new String(content, StandardCharsets.ISO_8859_1).contains(BEGIN)) {
            return false;
        }
        try {
            return !CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(content)).isEmpty();
        } catch (CertificateException | RuntimeException e) {
            return false;
        }
    }
}
