package io.onex.handler.vault;

import static io.onex.handler.vault.VaultCalls.call;
import static io.onex.handler.vault.VaultCalls.failure;
import static io.onex.handler.vault.VaultCalls.handler;
import static io.onex.handler.vault.VaultCalls.payload;
import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.OnexException;
import io.onex.testkit.VaultKvServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed payloads and operations: refused before anything is sent to Vault. */
class VaultHandlerPayloadTest {

    private final VaultKvServer server = VaultKvServer.start();
    private final VaultHandler handler = handler(server);

    @AfterEach
    void close() {
        handler.shutdown();
        server.close();
    }

    private OnexException refused(String operation, Map<String, Object> payload) {
        OnexException error = failure(() -> handler.execute(call(operation, payload)));
        assertThat(server.requests()).isEmpty();
        return error;
    }

    @Test
    void aMissingPathIsAnEnvelopeValidationErrorNamingTheField() {
        OnexException error = refused("vault.get_secret", payload());

        assertThat(error.code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(error.getMessage()).startsWith("vault.get_secret: payload field 'path' is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app/db", "app/../db", "..", "app//db", "app/db/", "app db", "app/./db", "app%2fdb", ""})
    void aMalformedPathIsRefused(String path) {
        OnexException error = refused("vault.get_secret", payload("path", path));

        assertThat(error.code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(error.getMessage()).contains("'path'");
    }

    @Test
    void aPathThatIsNotAStringIsRefused() {
        assertThat(refused("vault.list_secrets", payload("path", 42)).getMessage()).contains("'path'");
    }

    @Test
    void setSecretWithoutDataOrWithEmptyDataIsRefused() {
        assertThat(refused("vault.set_secret", payload("path", "app")).getMessage()).contains("'data'");
        assertThat(refused("vault.set_secret", payload("path", "app", "data", Map.of())).getMessage())
                .contains("'data'");
        assertThat(refused("vault.set_secret", payload("path", "app", "data", "text")).getMessage())
                .contains("'data'");
    }

    @Test
    void aVersionThatIsNotAPositiveWholeNumberIsRefused() {
        assertThat(refused("vault.get_secret", payload("path", "app", "version", 0)).getMessage())
                .contains("'version'");
        assertThat(refused("vault.get_secret", payload("path", "app", "version", "1")).getMessage())
                .contains("'version'");
        assertThat(refused("vault.get_secret", payload("path", "app", "version", new java.math.BigDecimal("1.5")))
                .getMessage()).contains("'version'");
    }

    @Test
    void aNegativeCasIsRefused() {
        assertThat(refused("vault.set_secret", payload("path", "app", "data", Map.of("k", "v"), "cas", -1))
                .getMessage()).contains("'cas'");
    }

    @Test
    void deleteVersionsMustBeANonEmptyListOfVersionNumbers() {
        assertThat(refused("vault.delete_secret", payload("path", "app", "versions", List.of())).getMessage())
                .contains("'versions'");
        assertThat(refused("vault.delete_secret", payload("path", "app", "versions", List.of(1, "two")))
                .getMessage()).contains("'versions'");
    }

    @Test
    void anUnknownPayloadFieldIsRefusedByName() {
        OnexException error = refused("vault.get_secret", payload("path", "app", "verison", 2));

        assertThat(error.code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(error.getMessage()).contains("'verison'");
    }

    @Test
    void anUnsupportedOperationIsAnInvalidOperation() {
        OnexException error = refused("vault.destroy_secret", payload("path", "app"));

        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_OPERATION);
        assertThat(error.getMessage()).contains("vault.get_secret");
    }
}
