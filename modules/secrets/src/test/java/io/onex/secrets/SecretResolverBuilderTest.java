package io.onex.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.contract.SecretRef;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretResolverBuilderTest {

    @Test
    void defaultsToVaultThenEnvThenFileWithoutAVault() {
        try (SecretResolver secrets = SecretResolver.builder(EnvironmentVariables.of(Map.of())).build()) {
            assertThat(secrets.order()).containsExactly(SecretResolver.Source.VAULT, SecretResolver.Source.ENV,
                    SecretResolver.Source.FILE);
            assertThat(secrets.vault()).isEmpty();
            assertThat(secrets.toString()).contains("ttl=PT5M", "files=/var/run/secrets/onex");
        }
    }

    @Test
    void keepsTheEnvironmentAndTheVaultSettingsItWasGiven() {
        EnvironmentVariables environment = EnvironmentVariables.of(Map.of());
        VaultSourceSettings settings = VaultSourceSettings.of(URI.create("http://127.0.0.1:8200"), new SecretRef("env:VAULT_TOKEN"));
        try (SecretResolver secrets = SecretResolver.builder(environment).vault(settings).build()) {
            assertThat(secrets.environment()).isSameAs(environment);
            assertThat(secrets.vault()).contains(settings);
        }
    }

    @Test
    void refusesAnEmptyOrRepeatingOrder() {
        SecretResolver.Builder builder = SecretResolver.builder(EnvironmentVariables.of(Map.of()));
        assertThatThrownBy(() -> builder.order(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.order(List.of(SecretResolver.Source.ENV, SecretResolver.Source.ENV)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }

    @Test
    void refusesANegativeTtlAndARelativeFilesDirectory() {
        SecretResolver.Builder builder = SecretResolver.builder(EnvironmentVariables.of(Map.of()));
        assertThatThrownBy(() -> builder.cacheTtl(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.filesDirectory(Path.of("secrets"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sourcesHaveWireNames() {
        assertThat(SecretResolver.Source.fromWireName("vault")).isEqualTo(SecretResolver.Source.VAULT);
        assertThat(SecretResolver.Source.fromWireName("env")).isEqualTo(SecretResolver.Source.ENV);
        assertThat(SecretResolver.Source.fromWireName("file")).isEqualTo(SecretResolver.Source.FILE);
        assertThat(SecretResolver.Source.FILE.wireName()).isEqualTo("file");
        assertThatThrownBy(() -> SecretResolver.Source.fromWireName("VAULT"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown secret source 'VAULT'; valid sources are vault, env, file");
    }

    @Test
    void aFixedEnvironmentAnswersFromItsCopyAndTheSystemOneFromTheProcess() {
        Map<String, String> variables = new java.util.HashMap<>(Map.of("A", "1"));
        EnvironmentVariables fixed = EnvironmentVariables.of(variables);
        variables.put("B", "2");
        assertThat(fixed.lookup("A")).contains("1");
        assertThat(fixed.lookup("B")).isEmpty();
        assertThat(EnvironmentVariables.system().lookup("PATH")).isEqualTo(java.util.Optional.ofNullable(System.getenv("PATH")));
    }
}
