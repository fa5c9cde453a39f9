package io.onex.handler.vault;

import static io.onex.handler.vault.VaultCalls.binding;
import static io.onex.handler.vault.VaultCalls.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.HandlerHealth;
import io.onex.testkit.VaultKvServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The active check asks the Vault-API server's {@code sys/health} itself, without any call: a
 * sealed Vault makes the binding unhealthy, and unsealing it healthy again.
 */
class VaultHandlerCheckTest {

    private final VaultKvServer server = VaultKvServer.start();
    private final VaultHandler handler = VaultHandler.create(binding(Duration.ofSeconds(5), config(server)),
            new VaultCalls.TokenSecrets(server.rootToken(), server.rootToken()));

    @AfterEach
    void close() {
        handler.shutdown();
        server.close();
    }

    @Test
    void theCheckFollowsSealAndUnsealWithoutAnyCall() {
        handler.initialize();
        HandlerHealth up = handler.check().orElseThrow();
        assertThat(up.healthy()).isTrue();
        assertThat(up.details()).containsEntry("probe", "GET /v1/sys/health").containsEntry("vault_status", 200);

        server.seal();
        HandlerHealth sealed = handler.check().orElseThrow();
        assertThat(sealed.healthy()).isFalse();
        assertThat(sealed.details()).containsEntry("vault_status", 503);
        assertThat(handler.health().details()).containsEntry("vault_reachable", false);
        assertThat(sealed.toString()).doesNotContain(server.rootToken());

        server.unseal();
        assertThat(handler.check().orElseThrow().healthy()).isTrue();
        assertThat(handler.health().healthy()).isTrue();
    }

    @Test
    void anUnreachableVaultIsUnhealthyAndAShutDownBindingIsNotRunning() {
        handler.initialize();
        server.close();
        HandlerHealth away = handler.check().orElseThrow();
        assertThat(away.healthy()).isFalse();
        assertThat(away.details().get("error").toString()).startsWith("Vault cannot be reached");

        handler.shutdown();
        assertThat(handler.check().orElseThrow().details()).containsEntry("error", "the binding is not running");
    }
}
