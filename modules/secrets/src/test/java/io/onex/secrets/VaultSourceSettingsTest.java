package io.onex.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.client.vault.VaultEndpoint;
import io.onex.host.api.contract.SecretRef;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VaultSourceSettingsTest {

    private static final URI ADDRESS = URI.create("https://vault.example:8200");
    private static final SecretRef TOKEN = new SecretRef("env:VAULT_TOKEN");

    @Test
    void defaultsToTheSecretMountNoNamespaceAndFiveSeconds() {
        VaultSourceSettings settings = VaultSourceSettings.of(ADDRESS, TOKEN);
        assertThat(settings.mount()).isEqualTo("secret");
        assertThat(settings.namespace()).isEmpty();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void withersChangeOneSettingEach() {
        VaultSourceSettings settings = VaultSourceSettings.of(ADDRESS, TOKEN).withMount("team/kv").withNamespace("acme")
                .withTimeout(Duration.ofSeconds(2));
        assertThat(settings).isEqualTo(new VaultSourceSettings(ADDRESS, TOKEN, "team/kv", Optional.of("acme"),
                Duration.ofSeconds(2)));
    }

    @Test
    void theEndpointCarriesTheMountDepthNamespaceAndTimeoutForTheVaultConnection() {
        VaultSourceSettings settings = new VaultSourceSettings(URI.create("http://127.0.0.1:8200/"), TOKEN, "team/kv",
                Optional.of("acme"), Duration.ofMillis(1500));
        VaultEndpoint endpoint = settings.endpoint();
        assertThat(endpoint.address()).isEqualTo("http://127.0.0.1:8200");
        assertThat(endpoint.mountDepth()).isEqualTo(2);
        assertThat(endpoint.namespace()).contains("acme");
        assertThat(endpoint.openTimeoutSeconds()).isEqualTo(2); // the driver counts whole seconds, rounded up
        assertThat(endpoint.readTimeoutSeconds()).isEqualTo(2);
    }

    @Test
    void refusesAVaultReferenceForTheToken() {
        assertThatThrownBy(() -> VaultSourceSettings.of(ADDRESS, new SecretRef("auth/vault#token")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be an env:NAME or file:/path reference");
    }

    @Test
    void acceptsAFileReferenceForTheToken() {
        assertThat(VaultSourceSettings.of(ADDRESS, new SecretRef("file:/var/run/secrets/vault-token")).token().source())
                .isEqualTo(SecretRef.Source.FILE);
    }

    @Test
    void refusesAddressesThatAreNotPlainHttpUrls() {
        for (String bad : new String[] {"ftp://vault:21", "vault:8200", "/v1", "https://user:pw@vault:8200",
                "https://vault:8200/?x=1"}) {
            assertThatThrownBy(() -> VaultSourceSettings.of(URI.create(bad), TOKEN)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("pw");
        }
    }

    @Test
    void refusesBadMountsNamespacesAndTimeouts() {
        VaultSourceSettings settings = VaultSourceSettings.of(ADDRESS, TOKEN);
        for (String mount : new String[] {"", "/secret", "secret/", "a/../b", "se cret"}) {
            assertThatThrownBy(() -> settings.withMount(mount)).as(mount).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> settings.withNamespace(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings.withTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings.withTimeout(Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describesItselfWithTheTokenReferenceOnly() {
        assertThat(VaultSourceSettings.of(ADDRESS, TOKEN).withNamespace("acme").toString()).isEqualTo(
                "VaultSourceSettings[address=https://vault.example:8200, token=secret_ref(env:VAULT_TOKEN), mount=secret,"
                        + " namespace=acme, timeout=PT5S]");
    }
}
