package io.onex.wiring.internal;

import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.contract.SecretRef;
import io.onex.host.api.contract.SecretsSpec;
import io.onex.secrets.EnvironmentVariables;
import io.onex.secrets.SecretResolver;
import io.onex.secrets.VaultSourceSettings;
import java.net.URI;
import java.util.List;

/** Builds the host's one {@link SecretResolver} from the contract's {@code runtime.secrets}. */
public final class SecretSources {

    private SecretSources() {
    }

    /**
     * Returns the resolver for {@code spec}, reading environment variables from {@code environment}.
     *
     * @throws ProtocolConfigurationException when the Vault source's settings cannot be used
     */
    public static SecretResolver resolver(SecretsSpec spec, EnvironmentVariables environment) {
        List<SecretResolver.Source> order = spec.order().stream().map(SecretSources::source).toList();
        SecretResolver.Builder builder = SecretResolver.builder(environment)
                .order(order)
                .cacheTtl(spec.cacheTtl())
                .filesDirectory(spec.filesDirectory());
        spec.vault().ifPresent(vault -> builder.vault(vault(vault)));
        return builder.build();
    }

    private static VaultSourceSettings vault(SecretsSpec.VaultSource vault) {
        try {
            // The driver takes one timeout for the answer; the longer of the two keeps both promises.
            java.time.Duration timeout = vault.readTimeout().compareTo(vault.openTimeout()) >= 0
                    ? vault.readTimeout() : vault.openTimeout();
            VaultSourceSettings settings = VaultSourceSettings.of(URI.create(vault.address()), vault.token())
                    .withMount(vault.mount()).withTimeout(timeout);
            return vault.namespace().map(settings::withNamespace).orElse(settings);
        } catch (IllegalArgumentException e) {
            throw new ProtocolConfigurationException("the Vault secret source of " + vault.origin()
                    + " cannot be used: " + e.getMessage());
        }
    }

    private static SecretResolver.Source source(SecretRef.Source source) {
        return switch (source) {
            case VAULT -> SecretResolver.Source.VAULT;
            case ENV -> SecretResolver.Source.ENV;
            case FILE -> SecretResolver.Source.FILE;
        };
    }
}
