package io.onex.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.onex.host.api.contract.SecretRef;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The resolver against the real Vault server image in development mode. It needs a Docker engine
 * and reports itself as skipped where there is none.
 */
@Tag("docker")
class VaultContainerTest {

    private static final String ROOT_TOKEN = "onex-dev-root-token";

    @Test
    void resolvesASecretWrittenToARealVault() throws Exception {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "no Docker engine is available, so the real Vault image cannot run here");
        try (GenericContainer<?> container = new GenericContainer<>("hashicorp/vault:1.15")
                .withEnv("VAULT_DEV_ROOT_TOKEN_ID", ROOT_TOKEN)
                .withEnv("VAULT_DEV_LISTEN_ADDRESS", "0.0.0.0:8200")
                // A development server keeps nothing worth locking in memory; no IPC_LOCK capability needed.
                .withEnv("SKIP_SETCAP", "true")
                .withExposedPorts(8200)
                .waitingFor(Wait.forHttp("/v1/sys/health").forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(2)))) {
            container.start();
            String address = "http://" + container.getHost() + ":" + container.getMappedPort(8200);
            Vault writer = Vault.create(new VaultConfig().address(address).token(ROOT_TOKEN).engineVersion(2).build());
            writer.logical().write("secret/db/orders", Map.of("password", "written-through-the-driver"));

            VaultSourceSettings settings = VaultSourceSettings.of(URI.create(address), new SecretRef("env:VAULT_TOKEN"));
            try (SecretResolver secrets = SecretResolver.builder(EnvironmentVariables.of(Map.of("VAULT_TOKEN", ROOT_TOKEN)))
                    .vault(settings).build()) {
                assertThat(secrets.apply(new SecretRef("db/orders#password"))).isEqualTo("written-through-the-driver");
            }
        }
    }
}
