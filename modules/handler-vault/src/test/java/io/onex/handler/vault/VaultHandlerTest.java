package io.onex.handler.vault;

import static io.onex.handler.vault.VaultCalls.call;
import static io.onex.handler.vault.VaultCalls.failure;
import static io.onex.handler.vault.VaultCalls.handler;
import static io.onex.handler.vault.VaultCalls.payload;
import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.OnexException;
import io.onex.testkit.VaultKvServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every operation's happy path on a KV version 2 server, through the driver over HTTP. */
class VaultHandlerTest {

    private final VaultKvServer server = VaultKvServer.start();
    private final VaultHandler handler = handler(server);

    @AfterEach
    void close() {
        handler.shutdown();
        server.close();
    }

    @Test
    void setSecretWritesANewVersionAndReturnsItsNumber() {
        Map<String, Object> first = handler.execute(call("vault.set_secret",
                payload("path", "app/db", "data", Map.of("user", "app"))));
        Map<String, Object> second = handler.execute(call("vault.set_secret",
                payload("path", "app/db", "data", Map.of("user", "app2"))));

        assertThat(first).containsEntry("path", "app/db").containsEntry("version", 1);
        assertThat(second).containsEntry("version", 2);
    }

    @Test
    void getSecretReturnsTheLatestDataVersionAndMetadata() {
        server.put("secret", "app/db", Map.of("user", "old"));
        server.put("secret", "app/db", Map.of("user", "new", "port", 5432));

        Map<String, Object> answer = handler.execute(call("vault.get_secret", payload("path", "app/db")));

        assertThat(answer).containsEntry("path", "app/db").containsEntry("version", 2)
                .containsEntry("data", Map.of("user", "new", "port", 5432));
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) answer.get("metadata");
        assertThat(metadata).containsOnlyKeys("created_time", "deletion_time", "destroyed", "version")
                .containsEntry("version", 2).containsEntry("destroyed", false).containsEntry("deletion_time", "");
        assertThat((String) metadata.get("created_time")).isNotEmpty();
    }

    @Test
    void getSecretReadsAnOlderVersion() {
        server.put("secret", "app/db", Map.of("user", "old"));
        server.put("secret", "app/db", Map.of("user", "new"));

        Map<String, Object> answer = handler.execute(call("vault.get_secret", payload("path", "app/db", "version", 1)));

        assertThat(answer).containsEntry("version", 1).containsEntry("data", Map.of("user", "old"));
        assertThat(server.requests()).last().satisfies(request -> {
            assertThat(request.path()).isEqualTo("/v1/secret/data/app/db");
            assertThat(request.query()).isEqualTo("version=1");
        });
    }

    @Test
    void nestedValuesAndNumbersRoundTripAsJson() {
        Map<String, Object> data = Map.of("limits", Map.of("max", 10, "ratio", new java.math.BigDecimal("0.25")),
                "hosts", List.of("a", "b"), "enabled", true);

        handler.execute(call("vault.set_secret", payload("path", "app/conf", "data", data)));

        assertThat(handler.execute(call("vault.get_secret", payload("path", "app/conf")))).containsEntry("data", data);
    }

    @Test
    void getSecretOfAMissingPathIsANotFoundExecutionError() {
        OnexException error = failure(() -> handler.execute(call("vault.get_secret", payload("path", "app/none"))));

        assertThat(error.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
        assertThat(error.retryable()).isFalse();
        assertThat(error.getMessage()).isEqualTo("no secret at secret/app/none");
        assertThat(error.details()).containsEntry("not_found", true).containsEntry("vault_status", 404);
    }

    @Test
    void deleteSecretWithoutVersionsSoftDeletesOnlyTheLatest() {
        server.put("secret", "app/db", Map.of("user", "old"));
        server.put("secret", "app/db", Map.of("user", "new"));

        Map<String, Object> answer = handler.execute(call("vault.delete_secret", payload("path", "app/db")));

        assertThat(answer).isEqualTo(Map.of("path", "app/db", "deleted", true));
        assertThat(server.requests()).last().satisfies(request -> {
            assertThat(request.method()).isEqualTo("DELETE");
            assertThat(request.path()).isEqualTo("/v1/secret/data/app/db");
        });
        OnexException latest = failure(() -> handler.execute(call("vault.get_secret", payload("path", "app/db"))));
        assertThat(latest.details()).containsEntry("not_found", true);
        assertThat(handler.execute(call("vault.get_secret", payload("path", "app/db", "version", 1))))
                .containsEntry("data", Map.of("user", "old"));
    }

    @Test
    void deleteSecretWithVersionsSoftDeletesThoseVersions() {
        server.put("secret", "app/db", Map.of("user", "v1"));
        server.put("secret", "app/db", Map.of("user", "v2"));

        handler.execute(call("vault.delete_secret", payload("path", "app/db", "versions", List.of(1))));

        OnexException deleted = failure(() -> handler.execute(call("vault.get_secret",
                payload("path", "app/db", "version", 1))));
        assertThat(deleted.getMessage()).isEqualTo("no secret at secret/app/db version 1");
        assertThat(deleted.details()).containsEntry("not_found", true);
        assertThat(handler.execute(call("vault.get_secret", payload("path", "app/db")))).containsEntry("version", 2);
    }

    @Test
    void listSecretsShowsSecretsAndFoldersWithATrailingSlash() {
        server.put("secret", "app/db", Map.of("k", "v"));
        server.put("secret", "app/api", Map.of("k", "v"));
        server.put("secret", "app/nested/x", Map.of("k", "v"));

        Map<String, Object> answer = handler.execute(call("vault.list_secrets", payload("path", "app")));

        assertThat(answer).isEqualTo(Map.of("path", "app", "keys", List.of("api", "db", "nested/")));
    }

    @Test
    void listSecretsOfTheMountRootAndOfAFolderWrittenWithATrailingSlash() {
        server.put("secret", "app/db", Map.of("k", "v"));
        server.put("secret", "top", Map.of("k", "v"));

        assertThat(handler.execute(call("vault.list_secrets", payload("path", ""))))
                .containsEntry("keys", List.of("app/", "top"));
        assertThat(handler.execute(call("vault.list_secrets", payload("path", "app/"))))
                .containsEntry("path", "app").containsEntry("keys", List.of("db"));
    }

    @Test
    void listSecretsOfAnEmptyOrAbsentFolderIsAnEmptyList() {
        assertThat(handler.execute(call("vault.list_secrets", payload("path", "nothing/here"))))
                .isEqualTo(Map.of("path", "nothing/here", "keys", List.of()));
    }

    @Test
    void setSecretWithTheCurrentVersionAsCasWrites() {
        server.put("secret", "app/db", Map.of("user", "v1"));

        Map<String, Object> answer = handler.execute(call("vault.set_secret",
                payload("path", "app/db", "data", Map.of("user", "v2"), "cas", 1)));

        assertThat(answer).containsEntry("version", 2);
    }

    @Test
    void setSecretWithAStaleCasIsAnExecutionErrorWithVaultsStatus() {
        server.put("secret", "app/db", Map.of("user", "v1"));
        server.put("secret", "app/db", Map.of("user", "v2"));

        OnexException error = failure(() -> handler.execute(call("vault.set_secret",
                payload("path", "app/db", "data", Map.of("user", "v3"), "cas", 1))));

        assertThat(error.code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
        assertThat(error.retryable()).isFalse();
        assertThat(error.details()).containsEntry("vault_status", 400);
        assertThat(error.getMessage()).contains("vault.set_secret on secret/app/db").doesNotContain("v3");
    }

    @Test
    void anotherMountIsUsedWhenTheBindingNamesIt() {
        server.mount("kv");
        Map<String, Object> config = VaultCalls.config(server);
        config.put("kv_mount", "kv");
        VaultHandler onKv = handler(config, Duration.ofSeconds(5),
                new VaultCalls.TokenSecrets(server.rootToken(), server.rootToken()));
        try {
            onKv.execute(call("vault.set_secret", payload("path", "app", "data", Map.of("k", "v"))));

            assertThat(server.requests()).last().satisfies(request ->
                    assertThat(request.path()).isEqualTo("/v1/kv/data/app"));
            assertThat(onKv.execute(call("vault.get_secret", payload("path", "app")))).containsEntry("version", 1);
        } finally {
            onKv.shutdown();
        }
    }
}
