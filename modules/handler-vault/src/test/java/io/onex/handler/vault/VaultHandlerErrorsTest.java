package io.onex.handler.vault;

import static io.onex.handler.vault.VaultCalls.call;
import static io.onex.handler.vault.VaultCalls.config;
import static io.onex.handler.vault.VaultCalls.failure;
import static io.onex.handler.vault.VaultCalls.handler;
import static io.onex.handler.vault.VaultCalls.payload;
import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.OnexException;
import io.onex.testkit.VaultKvServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each of Vault's failures, injected by the test server, and the host error it becomes. */
class VaultHandlerErrorsTest {

    private final VaultKvServer server = VaultKvServer.start();
    private VaultHandler handler = handler(server);

    @AfterEach
    void close() {
        handler.shutdown();
        server.close();
    }

    private OnexException getFails() {
        return failure(() -> handler.execute(call("vault.get_secret", payload("path", "app/db"))));
    }

    private VaultHandler handlerWith(VaultCalls.TokenSecrets secrets) {
        handler.shutdown();
        handler = handler(config(server), Duration.ofSeconds(5), secrets);
        return handler;
    }

    @Test
    void aSealedVaultIsARetryableServiceUnavailableWithVaultsStatus() {
        server.put("secret", "app/db", Map.of("user", "app"));
        server.seal();

        OnexException error = getFails();

        assertThat(error.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(error.retryable()).isTrue();
        assertThat(error.details()).containsEntry("vault_status", 503);
        assertThat(error.getMessage()).startsWith("vault.get_secret on secret/app/db: Vault is unavailable");
    }

    @Test
    void aVaultAnswering503IsServiceUnavailableAndTheNextCallSucceeds() {
        server.put("secret", "app/db", Map.of("user", "app"));
        server.failNext(1, 503);

        OnexException error = getFails();

        assertThat(error.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(error.details()).containsEntry("vault_status", 503);
        assertThat(handler.execute(call("vault.get_secret", payload("path", "app/db")))).containsEntry("version", 1);
    }

    @Test
    void aWriteAnswered503IsServiceUnavailableToo() {
        server.failNext(1, 503);

        OnexException error = failure(() -> handler.execute(call("vault.set_secret",
                payload("path", "app/db", "data", Map.of("k", "v")))));

        assertThat(error.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(error.details()).containsEntry("vault_status", 503);
    }

    @Test
    void aDeleteOfVersionsAnswered503IsServiceUnavailableToo() {
        server.failNext(1, 503);

        OnexException error = failure(() -> handler.execute(call("vault.delete_secret",
                payload("path", "app/db", "versions", java.util.List.of(1)))));

        assertThat(error.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(error.details()).containsEntry("vault_status", 503);
    }

    @Test
    void aResetConnectionIsAnUnreachableServiceUnavailable() {
        server.resetConnections(true);

        OnexException error = getFails();

        assertThat(error.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(error.retryable()).isTrue();
        assertThat(error.details()).containsEntry("unreachable", true);
        assertThat(error.getMessage()).contains("Vault is unreachable");
    }

    @Test
    void aRefusedConnectionIsAnUnreachableServiceUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        handler.shutdown();
        handler = handler(config("http://127.0.0.1:" + closedPort), Duration.ofSeconds(5),
                new VaultCalls.TokenSecrets("t", "t"));

        OnexException error = getFails();

        assertThat(error.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(error.details()).containsEntry("unreachable", true);
    }

    @Test
    void aSlowVaultIsATimeoutBoundedByTheBindingsTimeout() {
        handler.shutdown();
        handler = handler(config(server), Duration.ofMillis(1000),
                new VaultCalls.TokenSecrets(server.rootToken(), server.rootToken()));
        server.slow(Duration.ofSeconds(4));
        long start = System.nanoTime();

        OnexException error = getFails();

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(error.retryable()).isTrue();
        assertThat(took).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void anUnknownTokenIsAnAuthenticationErrorAfterOneRefreshAndNoSecondAttempt() {
        VaultCalls.TokenSecrets secrets = new VaultCalls.TokenSecrets("wrong-token", "wrong-token");
        handlerWith(secrets);
        server.clearRequests();

        OnexException error = getFails();

        assertThat(error.code()).isEqualTo(ErrorCode.AUTHENTICATION_ERROR);
        assertThat(error.retryable()).isFalse();
        assertThat(error.getMessage()).isEqualTo("Vault denied permission for vault.get_secret on secret/app/db");
        assertThat(error.details()).containsEntry("vault_status", 403);
        assertThat(secrets.refreshes).hasValue(1);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aRotatedTokenIsReadAgainAndTheRequestRetriedOnceWithIt() {
        server.put("secret", "app/db", Map.of("user", "app"));
        VaultCalls.TokenSecrets secrets = new VaultCalls.TokenSecrets("revoked-token", server.rootToken());
        handlerWith(secrets);
        server.clearRequests();

        Map<String, Object> answer = handler.execute(call("vault.get_secret", payload("path", "app/db")));

        assertThat(answer).containsEntry("version", 1);
        assertThat(secrets.refreshes).hasValue(1);
        assertThat(server.requests()).hasSize(2).allSatisfy(request ->
                assertThat(request.path()).isEqualTo("/v1/secret/data/app/db"));
        // The new token stays in use: the next call needs no refresh.
        handler.execute(call("vault.get_secret", payload("path", "app/db")));
        assertThat(secrets.refreshes).hasValue(1);
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void aRotatedTokenThatIsStillDeniedIsAnAuthenticationErrorAfterTwoAttempts() {
        server.addToken("other-app", Set.of("secret/data/other/"));
        VaultCalls.TokenSecrets secrets = new VaultCalls.TokenSecrets("revoked-token", "other-app");
        handlerWith(secrets);
        server.clearRequests();

        OnexException error = getFails();

        assertThat(error.code()).isEqualTo(ErrorCode.AUTHENTICATION_ERROR);
        assertThat(secrets.refreshes).hasValue(1);
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void aScopedTokenOutsideItsPathsIsDeniedForAWriteToo() {
        server.addToken("app-token", Set.of("secret/data/app/"));
        handlerWith(new VaultCalls.TokenSecrets("app-token", "app-token"));

        OnexException error = failure(() -> handler.execute(call("vault.set_secret",
                payload("path", "billing/key", "data", Map.of("k", "v")))));

        assertThat(error.code()).isEqualTo(ErrorCode.AUTHENTICATION_ERROR);
        assertThat(error.getMessage()).isEqualTo("Vault denied permission for vault.set_secret on secret/billing/key");
        assertThat(handler.execute(call("vault.set_secret", payload("path", "app/key", "data", Map.of("k", "v")))))
                .containsEntry("version", 1);
    }

    @Test
    void aBadRequestAnswerIsAnExecutionErrorWithoutTheResponseBody() {
        server.failNext(1, 400);

        OnexException error = getFails();

        assertThat(error.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
        assertThat(error.details()).containsEntry("vault_status", 400);
        assertThat(error.getMessage()).doesNotContain("injected failure");
    }
}
