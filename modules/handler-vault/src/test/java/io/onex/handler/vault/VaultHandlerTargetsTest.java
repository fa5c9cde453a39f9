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

/** The node's targets as an allow-list of secret path prefixes. */
class VaultHandlerTargetsTest {

    private static final List<String> TARGETS = List.of("app", "shared/keys/");

    private final VaultKvServer server = VaultKvServer.start();
    private final VaultHandler handler = handler(server);

    @AfterEach
    void close() {
        handler.shutdown();
        server.close();
    }

    private OnexException refused(String operation, String path) {
        OnexException error = failure(() -> handler.execute(call(operation, payload("path", path), TARGETS)));
        assertThat(server.requests()).isEmpty();
        return error;
    }

    @Test
    void aPathEqualToATargetOrBelowItIsAllowed() {
        server.put("secret", "app", Map.of("k", "v"));
        server.put("secret", "shared/keys/signing", Map.of("k", "v"));

        assertThat(handler.execute(call("vault.get_secret", payload("path", "app"), TARGETS))).containsKey("data");
        assertThat(handler.execute(call("vault.get_secret", payload("path", "shared/keys/signing"), TARGETS)))
                .containsKey("data");
        assertThat(handler.execute(call("vault.list_secrets", payload("path", "shared/keys"), TARGETS)))
                .containsEntry("keys", List.of("signing"));
    }

    @Test
    void aPathOutsideTheTargetsIsNotAllowed() {
        OnexException error = refused("vault.get_secret", "billing/key");

        assertThat(error.code()).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
        assertThat(error.getMessage()).contains("node 'config_effect' may not use secret/billing/key");
    }

    @Test
    void aPathThatOnlyStartsWithATargetsTextIsNotAllowed() {
        assertThat(refused("vault.get_secret", "application").code()).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
        assertThat(refused("vault.list_secrets", "shared").code()).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
    }

    @Test
    void theMountRootCannotBeListedWhenTheNodeHasTargets() {
        assertThat(refused("vault.list_secrets", "").code()).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
    }

    @Test
    void writesAndDeletesAreCheckedToo() {
        assertThat(failure(() -> handler.execute(call("vault.set_secret",
                payload("path", "other", "data", Map.of("k", "v")), TARGETS))).code())
                .isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
        assertThat(refused("vault.delete_secret", "other").code()).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
    }

    @Test
    void aMalformedTargetIsAProtocolConfigurationError() {
        OnexException error = failure(() -> handler.execute(call("vault.get_secret", payload("path", "app"),
                List.of("/app/../x"))));

        assertThat(error.code()).isEqualTo(ErrorCode.PROTOCOL_CONFIGURATION_ERROR);
    }
}
