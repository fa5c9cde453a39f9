package io.onex.handler.vault;

import static io.onex.handler.vault.VaultCalls.TOKEN_REF;
import static io.onex.handler.vault.VaultCalls.binding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.ProtocolConfigurationException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The binding's config: defaults, and each bad key named without its value. */
class VaultBindingSettingsTest {

    private static Map<String, Object> config(Object... keysAndValues) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("address", "https://vault.example.com:8200");
        config.put("token", TOKEN_REF);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }

    private static VaultBindingSettings read(Map<String, Object> config) {
        return VaultBindingSettings.from(binding(Duration.ofMillis(2500), config));
    }

    @Test
    void readsTheAddressTokenReferenceAndDefaults() {
        VaultBindingSettings settings = read(config());

        assertThat(settings.address()).isEqualTo("https://vault.example.com:8200");
        assertThat(settings.tokenRef()).isEqualTo(TOKEN_REF);
        assertThat(settings.mount()).isEqualTo("secret");
        assertThat(settings.namespace()).isEmpty();
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(settings.readTimeoutSeconds()).isEqualTo(3);
    }

    @Test
    void readsAMountAndANamespace() {
        VaultBindingSettings settings = read(config("kv_mount", "team/kv", "namespace", "ns1/apps"));

        assertThat(settings.mount()).isEqualTo("team/kv");
        assertThat(settings.namespace()).isEqualTo(Optional.of("ns1/apps"));
    }

    @Test
    void aTrailingSlashOnTheAddressIsDropped() {
        assertThat(read(config("address", "http://127.0.0.1:8200/")).address()).isEqualTo("http://127.0.0.1:8200");
    }

    @Test
    void aMissingAddressIsAProblemNamingBindingAndKey() {
        Map<String, Object> config = config();
        config.remove("address");

        assertThatThrownBy(() -> read(config)).isInstanceOf(ProtocolConfigurationException.class)
                .hasMessageStartingWith("vault binding 'vault': config.address is required");
    }

    @Test
    void anAddressWithCredentialsIsRefusedWithoutQuotingThem() {
        assertThatThrownBy(() -> read(config("address", "https://admin:hunter2@vault.example.com")))
                .isInstanceOf(ProtocolConfigurationException.class)
                .hasMessageContaining("config.address").hasMessageNotContaining("hunter2");
    }

    @Test
    void anAddressThatIsNotHttpOrHasAPathIsRefused() {
        assertThatThrownBy(() -> read(config("address", "ftp://vault.example.com")))
                .hasMessageContaining("config.address");
        assertThatThrownBy(() -> read(config("address", "https://vault.example.com/v1")))
                .hasMessageContaining("config.address");
    }

    @Test
    void aTokenThatIsNotASecretRefIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> read(config("token", "s.plaintexttoken")))
                .isInstanceOf(ProtocolConfigurationException.class)
                .hasMessageContaining("config.token").hasMessageNotContaining("s.plaintexttoken");
    }

    @Test
    void aMalformedMountIsRefused() {
        assertThatThrownBy(() -> read(config("kv_mount", "/secret"))).hasMessageContaining("config.kv_mount");
        assertThatThrownBy(() -> read(config("kv_mount", "a/../b"))).hasMessageContaining("config.kv_mount");
        assertThatThrownBy(() -> read(config("kv_mount", 5))).hasMessageContaining("config.kv_mount");
    }

    @Test
    void aBlankNamespaceIsRefused() {
        assertThatThrownBy(() -> read(config("namespace", " "))).hasMessageContaining("config.namespace");
    }

    @Test
    void aNonPositiveTimeoutIsRefused() {
        assertThatThrownBy(() -> VaultBindingSettings.from(binding(Duration.ZERO, config())))
                .isInstanceOf(ProtocolConfigurationException.class).hasMessageContaining("config.open_timeout_ms");
    }
}
