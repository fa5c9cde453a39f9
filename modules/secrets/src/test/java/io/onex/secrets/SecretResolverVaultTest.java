package io.onex.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.SecretResolutionException;
import io.onex.host.api.contract.SecretRef;
import io.onex.testkit.VaultKvServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resolver against a server speaking Vault's HTTP API, through the real Vault client over real HTTP. */
class SecretResolverVaultTest {

    private static final String VALUE = "s3cr3t-value-7f1c";
    private static final String ROOT_TOKEN = "root-token-9d2e4a";

    private static VaultKvServer server;

    @TempDir
    Path files;

    private final MutableClock clock = new MutableClock();

    @BeforeAll
    static void startVault() {
        server = VaultKvServer.start(ROOT_TOKEN);
    }

    @AfterAll
    static void stopVault() {
        server.close();
    }

    @AfterEach
    void healVault() {
        server.unseal();
        server.slow(Duration.ZERO);
        server.failNext(0, 500);
        server.resetConnections(false);
        server.clearRequests();
    }

    private VaultSourceSettings settings(String tokenVariable) {
        return VaultSourceSettings.of(URI.create(server.address()), new SecretRef("env:" + tokenVariable));
    }

    private SecretResolver.Builder resolver(Map<String, String> environment) {
        return SecretResolver.builder(EnvironmentVariables.of(environment))
                .vault(settings("VAULT_TOKEN"))
                .filesDirectory(files)
                .clock(clock);
    }

    private SecretResolver resolver() {
        return resolver(Map.of("VAULT_TOKEN", ROOT_TOKEN)).build();
    }

    private static SecretRef ref(String reference) {
        return new SecretRef(reference);
    }

    private static List<VaultKvServer.Request> reads(String path) {
        return server.requests().stream().filter(r -> r.path().equals("/v1/secret/data/" + path)).toList();
    }

    private static void assertSafe(Throwable error, String reference) {
        assertThat(error).isInstanceOf(SecretResolutionException.class);
        assertThat(((SecretResolutionException) error).code()).isEqualTo(ErrorCode.SECRET_RESOLUTION_ERROR);
        assertThat(error.getMessage()).contains(reference).doesNotContain(VALUE).doesNotContain(ROOT_TOKEN);
        assertThat(error.getCause()).isNull();
    }

    @Test
    void readsTheLatestVersionOfAKeyFromVault() {
        server.put("secret", "db/latest", Map.of("password", "old"));
        server.put("secret", "db/latest", Map.of("password", VALUE, "user", "orders"));
        try (SecretResolver secrets = resolver()) {
            assertThat(secrets.apply(ref("db/latest#password"))).isEqualTo(VALUE);
            assertThat(secrets.apply(ref("db/latest#user"))).isEqualTo("orders");
        }
    }

    @Test
    void readsFromANestedMountWithoutAskingVaultForItsMounts() {
        server.mount("team");
        server.put("team", "app/db", Map.of("password", VALUE));
        VaultSourceSettings nested = settings("VAULT_TOKEN").withMount("team");
        try (SecretResolver secrets = SecretResolver.builder(EnvironmentVariables.of(Map.of("VAULT_TOKEN", ROOT_TOKEN)))
                .vault(nested).build()) {
            assertThat(secrets.apply(ref("app/db#password"))).isEqualTo(VALUE);
        }
        assertThat(server.requests()).extracting(VaultKvServer.Request::path).containsExactly("/v1/team/data/app/db");
    }

    @Test
    void aKeyMissingFromAnExistingSecretFailsNamingTheReferenceAndEverySource() {
        server.put("secret", "db/nokey", Map.of("user", VALUE));
        try (SecretResolver secrets = resolver()) {
            assertThatThrownBy(() -> secrets.apply(ref("db/nokey#password")))
                    .satisfies(e -> assertSafe(e, "db/nokey#password"))
                    .hasMessageContaining("vault: the secret at secret/db/nokey has no key 'password'")
                    .hasMessageContaining("env: DB_NOKEY_PASSWORD is not set")
                    .hasMessageContaining("file: " + files.resolve("db/nokey/password") + " does not exist");
        }
    }

    @Test
    void aSecretMissingFromVaultFallsThroughToTheEnvironment() {
        try (SecretResolver secrets = resolver(Map.of("VAULT_TOKEN", ROOT_TOKEN, "DB_ABSENT_PASSWORD", VALUE)).build()) {
            assertThat(secrets.apply(ref("db/absent#password"))).isEqualTo(VALUE);
        }
        assertThat(reads("db/absent")).hasSize(1);
    }

    @Test
    void aSecretMissingFromVaultAndTheEnvironmentFallsThroughToTheFile() throws IOException {
        Files.createDirectories(files.resolve("db/onfile"));
        Files.writeString(files.resolve("db/onfile/password"), VALUE + "\n");
        try (SecretResolver secrets = resolver()) {
            assertThat(secrets.apply(ref("db/onfile#password"))).isEqualTo(VALUE);
        }
    }

    @Test
    void aSecretNoSourceHasFailsWithWhatEachSourceSaid() {
        try (SecretResolver secrets = resolver()) {
            assertThatThrownBy(() -> secrets.apply(ref("db/nowhere#password")))
                    .satisfies(e -> assertSafe(e, "db/nowhere#password"))
                    .hasMessageContaining("vault: no secret at secret/db/nowhere (404)")
                    .hasMessageContaining("env: DB_NOWHERE_PASSWORD is not set")
                    .hasMessageContaining("file: " + files.resolve("db/nowhere/password") + " does not exist");
        }
    }

    @Test
    void theConfiguredOrderDecidesWhichSourceWins() {
        server.put("secret", "db/both", Map.of("password", "from-vault"));
        Map<String, String> environment = Map.of("VAULT_TOKEN", ROOT_TOKEN, "DB_BOTH_PASSWORD", "from-env");
        try (SecretResolver envFirst = resolver(environment)
                .order(List.of(SecretResolver.Source.ENV, SecretResolver.Source.VAULT)).build();
                SecretResolver vaultFirst = resolver(environment).build()) {
            assertThat(envFirst.apply(ref("db/both#password"))).isEqualTo("from-env");
            assertThat(reads("db/both")).isEmpty();
            assertThat(vaultFirst.apply(ref("db/both#password"))).isEqualTo("from-vault");
        }
    }

    @Test
    void aSealedVaultFallsThroughToTheNextSource() {
        server.put("secret", "db/sealed", Map.of("password", "from-vault"));
        server.seal();
        try (SecretResolver secrets = resolver(Map.of("VAULT_TOKEN", ROOT_TOKEN, "DB_SEALED_PASSWORD", VALUE)).build()) {
            assertThat(secrets.apply(ref("db/sealed#password"))).isEqualTo(VALUE);
        }
    }

    @Test
    void aSealedVaultIsNamedInTheErrorWhenNoOtherSourceHasTheSecret() {
        server.put("secret", "db/sealed2", Map.of("password", VALUE));
        server.seal();
        try (SecretResolver secrets = resolver()) {
            assertThatThrownBy(() -> secrets.apply(ref("db/sealed2#password")))
                    .satisfies(e -> assertSafe(e, "db/sealed2#password"))
                    .hasMessageContaining("vault: " + server.address() + " is sealed or unavailable (503)");
        }
    }

    @Test
    void anInjectedServiceUnavailableAnswerIsReportedAsUnavailable() {
        server.put("secret", "db/fail", Map.of("password", VALUE));
        server.failNext(1, 503);
        try (SecretResolver secrets = resolver()) {
            assertThatThrownBy(() -> secrets.apply(ref("db/fail#password")))
                    .satisfies(e -> assertSafe(e, "db/fail#password"))
                    .hasMessageContaining("sealed or unavailable (503)");
            // Nothing retried it: one request, and the next call succeeds.
            assertThat(reads("db/fail")).hasSize(1);
            assertThat(secrets.apply(ref("db/fail#password"))).isEqualTo(VALUE);
        }
    }

    @Test
    void anotherErrorStatusIsReportedWithItsNumber() {
        server.put("secret", "db/fail500", Map.of("password", VALUE));
        server.failNext(1, 500);
        try (SecretResolver secrets = resolver()) {
            assertThatThrownBy(() -> secrets.apply(ref("db/fail500#password")))
                    .satisfies(e -> assertSafe(e, "db/fail500#password"))
                    .hasMessageContaining("vault: reading secret/db/fail500 failed with HTTP status 500");
        }
    }

    @Test
    void aVaultSlowerThanTheTimeoutFailsNamingTheTimeoutWithinABoundedTime() {
        server.put("secret", "db/slow", Map.of("password", VALUE));
        server.slow(Duration.ofSeconds(20));
        VaultSourceSettings quick = settings("VAULT_TOKEN").withTimeout(Duration.ofSeconds(1));
        try (SecretResolver secrets = SecretResolver.builder(EnvironmentVariables.of(Map.of("VAULT_TOKEN", ROOT_TOKEN)))
                .vault(quick).filesDirectory(files).build()) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> secrets.apply(ref("db/slow#password")))
                    .satisfies(e -> assertSafe(e, "db/slow#password"))
                    .hasMessageContaining("vault: timed out after PT1S reading secret/db/slow");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void resetConnectionsAreReportedAsUnreachable() {
        server.put("secret", "db/reset", Map.of("password", VALUE));
        server.resetConnections(true);
        try (SecretResolver secrets = resolver()) {
            assertThatThrownBy(() -> secrets.apply(ref("db/reset#password")))
                    .satisfies(e -> assertSafe(e, "db/reset#password"))
                    .hasMessageContaining("vault: " + server.address() + " is unreachable");
        }
    }

    @Test
    void aVaultNobodyListensOnIsReportedAsUnreachable() throws IOException {
        int freePort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            freePort = socket.getLocalPort();
        }
        VaultSourceSettings nowhere = VaultSourceSettings.of(URI.create("http://127.0.0.1:" + freePort),
                new SecretRef("env:VAULT_TOKEN"));
        try (SecretResolver secrets = SecretResolver.builder(EnvironmentVariables.of(Map.of("VAULT_TOKEN", ROOT_TOKEN)))
                .vault(nowhere).filesDirectory(files).build()) {
            assertThatThrownBy(() -> secrets.apply(ref("db/closed#password")))
                    .satisfies(e -> assertSafe(e, "db/closed#password"))
                    .hasMessageContaining("vault: http://127.0.0.1:" + freePort + " is unreachable");
        }
    }

    @Test
    void aRefusedTokenIsReportedAsPermissionDeniedWithoutTheToken() {
        server.put("secret", "db/denied", Map.of("password", VALUE));
        String badToken = "bad-token-5c8b";
        try (SecretResolver secrets = resolver(Map.of("VAULT_TOKEN", badToken)).build()) {
            assertThatThrownBy(() -> secrets.apply(ref("db/denied#password")))
                    .satisfies(e -> assertSafe(e, "db/denied#password"))
                    .hasMessageContaining("vault: permission denied reading secret/db/denied (403)")
                    .hasMessageContaining("the token from env:VAULT_TOKEN was read again and has not changed")
                    .hasMessageNotContaining(badToken);
        }
        // The token had not changed, so there was nothing to retry with.
        assertThat(reads("db/denied")).hasSize(1);
    }

    @Test
    void aRotatedTokenFileIsReadAgainAfterARefusalAndTheReadRetriedOnce() throws IOException {
        server.put("secret", "app/rotated", Map.of("password", VALUE));
        Path tokenFile = files.resolve("vault-token");
        Files.writeString(tokenFile, "expired-token-1a\n");
        VaultSourceSettings fromFile = VaultSourceSettings.of(URI.create(server.address()), new SecretRef("file:" + tokenFile));
        try (SecretResolver secrets = SecretResolver.builder(EnvironmentVariables.of(Map.of()))
                .vault(fromFile).filesDirectory(files).build()) {
            server.addToken("expired-token-1a", Set.of("secret/data/other/"));
            assertThatThrownBy(() -> secrets.apply(ref("app/rotated#password")))
                    .satisfies(e -> assertSafe(e, "app/rotated#password"))
                    .hasMessageContaining("permission denied")
                    .hasMessageNotContaining("expired-token-1a");
            server.clearRequests();

            server.addToken("fresh-token-2b", Set.of("secret/data/app/"));
            Files.writeString(tokenFile, "fresh-token-2b\n");
            assertThat(secrets.apply(ref("app/rotated#password"))).isEqualTo(VALUE);
        }
        assertThat(reads("app/rotated")).hasSize(2);
    }

    @Test
    void aRotatedTokenThatIsAlsoRefusedIsReportedAfterExactlyOneRetry() throws IOException {
        server.put("secret", "app/refused", Map.of("password", VALUE));
        Path tokenFile = files.resolve("vault-token");
        Files.writeString(tokenFile, "first-token-3c");
        VaultSourceSettings fromFile = VaultSourceSettings.of(URI.create(server.address()), new SecretRef("file:" + tokenFile));
        try (SecretResolver secrets = SecretResolver.builder(EnvironmentVariables.of(Map.of()))
                .vault(fromFile).filesDirectory(files).build()) {
            assertThatThrownBy(() -> secrets.apply(ref("app/refused#password"))).hasMessageContaining("(403)");
            server.clearRequests();

            Files.writeString(tokenFile, "second-token-4d");
            assertThatThrownBy(() -> secrets.apply(ref("app/refused#password")))
                    .satisfies(e -> assertSafe(e, "app/refused#password"))
                    .hasMessageContaining("vault: permission denied reading secret/app/refused (403), also with the"
                            + " token read again from file:" + tokenFile)
                    .hasMessageNotContaining("first-token-3c")
                    .hasMessageNotContaining("second-token-4d");
        }
        assertThat(reads("app/refused")).hasSize(2);
    }

    @Test
    void aTokenFileRemovedBeforeTheReReadIsReportedWithoutARetry() throws IOException {
        server.put("secret", "app/gone", Map.of("password", VALUE));
        Path tokenFile = files.resolve("vault-token");
        Files.writeString(tokenFile, "refused-token-5e");
        VaultSourceSettings fromFile = VaultSourceSettings.of(URI.create(server.address()), new SecretRef("file:" + tokenFile));
        try (SecretResolver secrets = SecretResolver.builder(EnvironmentVariables.of(Map.of()))
                .vault(fromFile).filesDirectory(files).build()) {
            assertThatThrownBy(() -> secrets.apply(ref("app/gone#password"))).hasMessageContaining("(403)");
            server.clearRequests();
            Files.delete(tokenFile);
            assertThatThrownBy(() -> secrets.apply(ref("app/gone#password")))
                    .satisfies(e -> assertSafe(e, "app/gone#password"))
                    .hasMessageContaining("vault: permission denied reading secret/app/gone (403); the token could"
                            + " not be read again (file: " + tokenFile + " does not exist)")
                    .hasMessageNotContaining("refused-token-5e");
        }
        assertThat(reads("app/gone")).hasSize(1);
    }

    @Test
    void concurrentCallersAllReceiveTheValue() throws Exception {
        server.put("secret", "db/concurrent", Map.of("password", VALUE));
        try (SecretResolver secrets = resolver(Map.of("VAULT_TOKEN", ROOT_TOKEN)).cacheTtl(Duration.ofMinutes(1)).build();
                var callers = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 64; i++) {
                answers.add(callers.submit(() -> secrets.apply(ref("db/concurrent#password"))));
            }
            for (var answer : answers) {
                assertThat(answer.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(VALUE);
            }
        }
        // Callers that find no entry at the same moment may each read; at most one per caller thread.
        assertThat(reads("db/concurrent")).hasSizeBetween(1, 8);
    }

    @Test
    void anUnreadableTokenReferenceFallsThroughNamingTheTokenReference() {
        try (SecretResolver secrets = resolver(Map.of("DB_NOTOKEN_PASSWORD", VALUE)).build()) {
            assertThat(secrets.apply(ref("db/notoken#password"))).isEqualTo(VALUE);
        }
        try (SecretResolver secrets = resolver(Map.of()).build()) {
            assertThatThrownBy(() -> secrets.apply(ref("db/notoken#password")))
                    .satisfies(e -> assertSafe(e, "db/notoken#password"))
                    .hasMessageContaining("vault: the token secret_ref(env:VAULT_TOKEN) cannot be read"
                            + " (env: VAULT_TOKEN is not set)");
        }
        assertThat(reads("db/notoken")).isEmpty();
    }

    @Test
    void aSecondReadWithinTheTtlIsServedFromTheCache() {
        server.put("secret", "db/cached", Map.of("password", VALUE));
        try (SecretResolver secrets = resolver(Map.of("VAULT_TOKEN", ROOT_TOKEN)).cacheTtl(Duration.ofMinutes(1)).build()) {
            assertThat(secrets.apply(ref("db/cached#password"))).isEqualTo(VALUE);
            server.put("secret", "db/cached", Map.of("password", "rotated"));
            clock.advance(Duration.ofSeconds(59));
            assertThat(secrets.apply(ref("db/cached#password"))).isEqualTo(VALUE);
            assertThat(reads("db/cached")).hasSize(1);

            clock.advance(Duration.ofSeconds(1));
            assertThat(secrets.apply(ref("db/cached#password"))).isEqualTo("rotated");
            assertThat(reads("db/cached")).hasSize(2);
        }
    }

    @Test
    void aZeroTtlReadsTheSourceEveryTime() {
        server.put("secret", "db/uncached", Map.of("password", VALUE));
        try (SecretResolver secrets = resolver(Map.of("VAULT_TOKEN", ROOT_TOKEN)).cacheTtl(Duration.ZERO).build()) {
            secrets.apply(ref("db/uncached#password"));
            secrets.apply(ref("db/uncached#password"));
        }
        assertThat(reads("db/uncached")).hasSize(2);
    }

    @Test
    void aStaleValueIsServedWhenTheReadAfterTheTtlFails() {
        server.put("secret", "db/stale", Map.of("password", VALUE));
        try (SecretResolver secrets = resolver(Map.of("VAULT_TOKEN", ROOT_TOKEN)).cacheTtl(Duration.ofMinutes(1)).build()) {
            assertThat(secrets.apply(ref("db/stale#password"))).isEqualTo(VALUE);
            server.seal();
            clock.advance(Duration.ofMinutes(2));
            assertThat(secrets.apply(ref("db/stale#password"))).isEqualTo(VALUE);
            assertThat(reads("db/stale")).hasSize(2);

            // The stale value is kept for another TTL: no request per call during an outage.
            clock.advance(Duration.ofSeconds(30));
            assertThat(secrets.apply(ref("db/stale#password"))).isEqualTo(VALUE);
            assertThat(reads("db/stale")).hasSize(2);

            server.unseal();
            server.put("secret", "db/stale", Map.of("password", "rotated"));
            clock.advance(Duration.ofSeconds(30));
            assertThat(secrets.apply(ref("db/stale#password"))).isEqualTo("rotated");
        }
    }

    @Test
    void refreshBypassesTheCacheAndReplacesTheValue() {
        server.put("secret", "db/refresh", Map.of("password", VALUE));
        try (SecretResolver secrets = resolver()) {
            assertThat(secrets.apply(ref("db/refresh#password"))).isEqualTo(VALUE);
            server.put("secret", "db/refresh", Map.of("password", "rotated"));
            assertThat(secrets.refresh(ref("db/refresh#password"))).isEqualTo("rotated");
            assertThat(secrets.apply(ref("db/refresh#password"))).isEqualTo("rotated");
        }
        assertThat(reads("db/refresh")).hasSize(2);
    }

    @Test
    void aFailedRefreshThrowsAndKeepsTheCachedValue() {
        server.put("secret", "db/refreshfail", Map.of("password", VALUE));
        try (SecretResolver secrets = resolver()) {
            secrets.apply(ref("db/refreshfail#password"));
            server.seal();
            assertThatThrownBy(() -> secrets.refresh(ref("db/refreshfail#password")))
                    .satisfies(e -> assertSafe(e, "db/refreshfail#password"))
                    .hasMessageContaining("sealed or unavailable (503)");
            assertThat(secrets.apply(ref("db/refreshfail#password"))).isEqualTo(VALUE);
        }
    }

    @Test
    void aClosedResolverDropsItsCacheAndRefusesToResolve() {
        server.put("secret", "db/closed", Map.of("password", VALUE));
        SecretResolver secrets = resolver();
        secrets.apply(ref("db/closed#password"));
        secrets.close();
        assertThatThrownBy(() -> secrets.apply(ref("db/closed#password")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining(VALUE);
    }
}
