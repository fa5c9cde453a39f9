package io.onex.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.onex.host.api.ContractValidationException;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.api.contract.SecretRef;
import io.onex.host.api.contract.SecretsSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code runtime.secrets} section: source order, cache lifetime, secret folder and Vault source. */
class SecretsSectionTest {

    private static final String VAULT_BINDING = """
              handlers:
                - type: vault
                  name: secrets_store
                  config: { address: "http://127.0.0.1:8200", token: { secret_ref: "file:/run/vault/token" },
                            kv_mount: kv }
            """;

    @TempDir
    Path folder;

    @Test
    void aContractWithoutTheSectionGetsTheDefaults() {
        SecretsSpec secrets = load("").secrets();

        assertThat(secrets).isEqualTo(SecretsSpec.defaults());
    }

    @Test
    void everyKeyOfTheSectionIsRead() {
        SecretsSpec secrets = load("""
                  secrets:
                    sources: [env, file, vault]
                    cache_ttl_seconds: 30
                    files_dir: /etc/onex/secrets
                    vault: { address: "https://vault.example.com:8200", token: { secret_ref: "env:VAULT_TOKEN" },
                             kv_mount: apps, namespace: team-a, open_timeout_ms: 700, read_timeout_ms: 900 }
                """).secrets();

        assertThat(secrets.order()).containsExactly(SecretRef.Source.ENV, SecretRef.Source.FILE,
                SecretRef.Source.VAULT);
        assertThat(secrets.cacheTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(secrets.filesDirectory()).isEqualTo(Path.of("/etc/onex/secrets"));
        assertThat(secrets.vault()).contains(new SecretsSpec.VaultSource("https://vault.example.com:8200",
                new SecretRef("env:VAULT_TOKEN"), "apps", Optional.of("team-a"), Duration.ofMillis(700),
                Duration.ofMillis(900), "runtime.secrets.vault"));
    }

    @Test
    void withoutAVaultSectionTheFirstVaultBindingIsTheVaultSource() {
        SecretsSpec secrets = load(VAULT_BINDING).secrets();

        assertThat(secrets.vault()).hasValueSatisfying(vault -> {
            assertThat(vault.address()).isEqualTo("http://127.0.0.1:8200");
            assertThat(vault.token()).isEqualTo(new SecretRef("file:/run/vault/token"));
            assertThat(vault.mount()).isEqualTo("kv");
            assertThat(vault.origin()).isEqualTo("runtime.handlers 'secrets_store'");
        });
    }

    @Test
    void aVaultSectionWinsOverTheVaultBinding() {
        SecretsSpec secrets = load(VAULT_BINDING + """
                  secrets:
                    vault: { address: "http://10.0.0.9:8200", token: { secret_ref: "env:RESOLVER_TOKEN" } }
                """).secrets();

        assertThat(secrets.vault()).hasValueSatisfying(vault -> {
            assertThat(vault.address()).isEqualTo("http://10.0.0.9:8200");
            assertThat(vault.mount()).isEqualTo("secret");
            assertThat(vault.origin()).isEqualTo("runtime.secrets.vault");
        });
    }

    @Test
    void anUnknownOrRepeatedSourceIsAnError() {
        String message = problems("""
                  secrets:
                    sources: [vault, consul, vault]
                """);

        assertThat(message).contains("unknown source 'consul'").contains("names 'vault' twice")
                .contains("vault, env, file");
    }

    @Test
    void aVaultTokenFromVaultIsAnError() {
        String message = problems("""
                  secrets:
                    vault: { address: "http://127.0.0.1:8200", token: { secret_ref: "auth/root#token" } }
                """);

        assertThat(message).contains("is itself a Vault reference").contains("env:NAME");
    }

    @Test
    void aPlaintextVaultTokenIsRefusedWithoutRepeatingIt() {
        String message = problems("""
                  secrets:
                    vault: { address: "http://127.0.0.1:8200", token: "hvs.plaintext-token-4711" }
                """);

        assertThat(message).contains("runtime.secrets.vault.token").doesNotContain("hvs.plaintext-token-4711");
    }

    @Test
    void aVaultSectionWithoutTokenOrWithARelativeFolderIsAnError() {
        String message = problems("""
                  secrets:
                    files_dir: secrets
                    vault: { address: "http://127.0.0.1:8200" }
                """);

        assertThat(message).contains("required field 'token'").contains("files_dir must be an absolute path");
    }

    @Test
    void aNegativeCacheLifetimeIsAnError() {
        assertThat(problems("""
                  secrets: { cache_ttl_seconds: -1 }
                """)).contains("cache_ttl_seconds");
    }

    private RuntimeContract load(String runtimeKeys) {
        Path file = ContractFiles.write(folder, "runtime.yaml", ContractFiles.HEAD + runtimeKeys);
        return ContractLoader.create(TestHandlers.registry(), ValueResolver.of(Map.of()), LoadOptions.strict()).load(file).contract();
    }

    private String problems(String runtimeKeys) {
        Path file = ContractFiles.write(folder, "runtime.yaml", ContractFiles.HEAD + runtimeKeys);
        return catchThrowableOfType(ContractValidationException.class,
                () -> ContractLoader.create(TestHandlers.registry(), ValueResolver.of(Map.of()), LoadOptions.strict()).load(file)).getMessage();
    }

    @Test
    void theDefaultOrderIsVaultThenEnvironmentThenFiles() {
        assertThat(SecretsSpec.DEFAULT_ORDER).isEqualTo(List.of(SecretRef.Source.VAULT, SecretRef.Source.ENV,
                SecretRef.Source.FILE));
    }
}
