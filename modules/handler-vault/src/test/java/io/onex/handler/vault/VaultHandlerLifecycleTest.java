package io.onex.handler.vault;

import static io.onex.handler.vault.VaultCalls.binding;
import static io.onex.handler.vault.VaultCalls.call;
import static io.onex.handler.vault.VaultCalls.config;
import static io.onex.handler.vault.VaultCalls.failure;
import static io.onex.handler.vault.VaultCalls.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.HandlerType;
import io.onex.host.api.OnexException;
import io.onex.testkit.VaultKvServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Initialisation, health, description and shutdown; the token and secret values never shown. */
class VaultHandlerLifecycleTest {

    private static final String SECRET_VALUE = "pa55-w0rd-value";

    private final VaultKvServer server = VaultKvServer.start();
    private final VaultCalls.TokenSecrets secrets = new VaultCalls.TokenSecrets(server.rootToken(), server.rootToken());
    private final VaultHandler handler = VaultHandler.create(binding(Duration.ofSeconds(5), config(server)), secrets);

    @AfterEach
    void close() {
        handler.shutdown();
        server.close();
    }

    @Test
    void isUnhealthyUntilInitialised() {
        assertThat(handler.health().healthy()).isFalse();
        assertThat(handler.health().details()).containsEntry("state", "not initialised");

        handler.initialize();

        assertThat(handler.health().healthy()).isTrue();
        assertThat(handler.health().details()).containsEntry("state", "ready");
    }

    @Test
    void healthShowsAddressMountAndCountersAndSendsNothingToVault() {
        handler.initialize();
        server.put("secret", "app", Map.of("k", "v"));
        handler.execute(call("vault.get_secret", payload("path", "app")));
        failure(() -> handler.execute(call("vault.get_secret", payload("path", "none"))));
        int requests = server.requests().size();

        HandlerHealth health = handler.health();

        assertThat(health.details()).containsEntry("binding", "vault").containsEntry("address", server.address())
                .containsEntry("mount", "secret").containsEntry("read_timeout_ms", 5000L).containsEntry("calls", 2L)
                .containsEntry("failures", 1L).containsEntry("last_vault_status", 404);
        assertThat(server.requests()).hasSize(requests);
    }

    @Test
    void aSealedVaultMakesTheBindingUnhealthyUntilItsHealthCheckFindsVaultBack() {
        handler.initialize();
        server.put("secret", "app", Map.of("k", "v"));
        handler.execute(call("vault.get_secret", payload("path", "app")));
        assertThat(handler.health().details()).containsEntry("vault_reachable", true);

        server.seal();
        assertThat(failure(() -> handler.execute(call("vault.get_secret", payload("path", "app")))).code())
                .isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);

        HandlerHealth sealed = handler.health();
        assertThat(sealed.healthy()).isFalse();
        assertThat(sealed.details()).containsEntry("vault_reachable", false);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.requests().stream()
                .anyMatch(request -> request.path().equals("/v1/sys/health")));
        assertThat(handler.health().healthy()).as("still sealed").isFalse();

        server.unseal();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HandlerHealth unsealed = handler.health();
            assertThat(unsealed.healthy()).isTrue();
            assertThat(unsealed.details()).containsEntry("vault_reachable", true);
        });
    }

    @Test
    void aCallBeforeInitialisationIsServiceUnavailable() {
        OnexException error = failure(() -> handler.execute(call("vault.get_secret", payload("path", "app"))));

        assertThat(error.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aCallAfterShutdownIsRefusedWithoutReachingVault() {
        handler.initialize();

        handler.shutdown();

        OnexException error = failure(() -> handler.execute(call("vault.get_secret", payload("path", "app"))));
        assertThat(error.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(error.getMessage()).contains("shut down");
        assertThat(server.requests()).isEmpty();
        assertThat(handler.health().healthy()).isFalse();
        assertThat(handler.health().details()).containsEntry("state", "shut down");
    }

    @Test
    void aTokenThatCannotBeResolvedStopsInitialisationWithASecretResolutionError() {
        VaultHandler unresolved = VaultHandler.create(binding(Duration.ofSeconds(5), config(server)), ref -> {
            throw new io.onex.host.api.SecretResolutionException("secret " + ref + " is not set");
        });

        OnexException error = failure(unresolved::initialize);

        assertThat(error.code()).isEqualTo(ErrorCode.SECRET_RESOLUTION_ERROR);
        assertThat(unresolved.health().healthy()).isFalse();
    }

    @Test
    void shutdownWithoutInitialisationIsHarmless() {
        handler.shutdown();

        assertThat(handler.health().healthy()).isFalse();
    }

    @Test
    void describesEveryOperationWithItsPayloadAndResponseFields() {
        VaultHandlerFactory description = new VaultHandlerFactory();

        assertThat(description.type()).isEqualTo("vault");
        assertThat(description.version()).isNotBlank();
        assertThat(description.operations()).extracting(HandlerDescription.Operation::name).containsExactly(
                "vault.get_secret", "vault.set_secret", "vault.delete_secret", "vault.list_secrets");
        assertThat(description.operations().get(0).requiredFields()).containsExactly("path");
        assertThat(description.operations().get(0).responseFields())
                .containsExactly("path", "version", "data", "metadata");
        assertThat(description.operations().get(1).requiredFields()).containsExactly("path", "data");
        assertThat(description.operations().get(3).responseFields()).containsExactly("path", "keys");
    }

    @Test
    void noTokenOrSecretValueAppearsInErrorsHealthDescriptionOrToString() {
        handler.initialize();
        handler.execute(call("vault.set_secret", payload("path", "app/db", "data", Map.of("password", SECRET_VALUE))));
        server.put("secret", "app/db", Map.of("password", SECRET_VALUE));
        server.addToken("narrow", Set.of("secret/data/other/"));
        List<String> shown = new ArrayList<>();
        shown.add(handler.health().toString());
        shown.add(handler.toString());
        for (Runnable fault : List.<Runnable>of(server::seal, server::unseal, () -> server.failNext(1, 400),
                () -> server.failNext(1, 500), () -> server.resetConnections(true))) {
            fault.run();
            OnexException error = failure(() -> handler.execute(call("vault.set_secret",
                    payload("path", "app/db", "data", Map.of("password", SECRET_VALUE), "cas", 7))));
            shown.add(error.getMessage() + error.details() + describeCauses(error));
            failure(() -> handler.execute(call("vault.get_secret", payload("path", "app/none"))));
        }
        server.resetConnections(false);
        VaultHandler denied = VaultCalls.handler(config(server), Duration.ofSeconds(5),
                new VaultCalls.TokenSecrets("narrow", "narrow"));
        try {
            OnexException error = failure(() -> denied.execute(call("vault.get_secret", payload("path", "app/db"))));
            shown.add(error.getMessage() + error.details());
            shown.add(denied.health().toString());
        } finally {
            denied.shutdown();
        }

        assertThat(shown).hasSizeGreaterThan(5).allSatisfy(text -> assertThat(text)
                .doesNotContain(server.rootToken()).doesNotContain(SECRET_VALUE).doesNotContain("narrow"));
    }

    private static String describeCauses(Throwable error) {
        // Only the host error's own text is published; causes are for logs. Their class names are shown here
        // to make sure nothing secret is carried in the message that is published.
        return error.getCause() == null ? "" : " cause=" + error.getCause().getClass().getSimpleName();
    }
}
