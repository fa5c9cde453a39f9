package io.onex.wiring.core.internal;

import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.contract.SecretRef;
import io.onex.host.api.contract.SecretsSpec;
import io.onex.secrets.EnvironmentVariables;
import io.onex.secrets.SecretResolver;
import io.onex.secrets.VaultSourceSettings;
import java.net.URI;
import java.util.List;

/**
 * Builds the host's {@link SecretResolver}s from the contract's {@code runtime.secrets}, with the
 * sources its composition links: environment variables and files always, Vault when the
 * composition's module graph has the Vault client ({@code io.onex.secrets} requires it
 * {@code static}: the full host links it, the http-kafka distribution does not).
 */
public final class SecretSources {

    private static final SecretSources WITH_VAULT = new SecretSources(null);

    /** Why there is no Vault source, or null when there is one. */
    private final String withoutVault;

    private SecretSources(String withoutVault) {
        this.withoutVault = withoutVault;
    }

    /** Returns the sources of a composition that links the Vault client: Vault, env and file. */
    public static SecretSources withVault() {
        return WITH_VAULT;
    }

    /**
     * Returns the sources of the distribution {@code distribution}, which links no Vault client:
     * env and file; a contract that configures {@code runtime.secrets.vault} is refused naming it.
     */
    public static SecretSources withoutVault(String distribution) {
        return new SecretSources("the " + distribution + " distribution of the host does not include the Vault"
                + " secret source (module io.onex.client.vault is not linked)");
    }

    /**
     * Returns the resolver for {@code spec}, reading environment variables from {@code environment}.
     *
     * @throws ProtocolConfigurationException when the Vault source's settings cannot be used, or
     *                                        the contract configures Vault and it is not linked
     */
    public SecretResolver resolver(SecretsSpec spec, EnvironmentVariables environment) {
        List<SecretResolver.Source> order = spec.order().stream().map(SecretSources::source).toList();
        SecretResolver.Builder builder = SecretResolver.builder(environment)
                .order(order)
                .cacheTtl(spec.cacheTtl())
                .filesDirectory(spec.filesDirectory());
        if (spec.vault().isPresent()) {
            if (withoutVault != null) {
                throw new ProtocolConfigurationException(spec.vault().get().origin() + ": " + withoutVault
                        + "; remove runtime.secrets.vault, or run the contract with the full host (./onex-host,"
                        + " the default image)");
            }
            builder.vault(vault(spec.vault().get()));
        }
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
