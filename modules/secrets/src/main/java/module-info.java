/**
 * Resolves secret references ({@code secret_ref}) and environment values after start-up: Vault
 * KV version 2, environment variables and files (Kubernetes secret volumes), with a cache. Wiring
 * and embedding applications build a {@link io.onex.secrets.SecretResolver} and hand it to the
 * components that need secrets as {@link io.onex.host.api.Secrets}.
 */
module io.onex.secrets {
    requires transitive io.onex.host.api;  // Secrets, SecretRef and SecretResolutionException in signatures
    requires transitive io.onex.contract;  // EnvironmentVariables is a ValueResolver
    // The host's one Vault client, shared with the Vault handler: static, so it is linked only into the
    // hosts whose composition requires it (the full host, io.onex.wiring), which then enable the Vault
    // source (HostComposition.Builder.vaultSecrets); a contract that configures Vault elsewhere is refused.
    requires static io.onex.client.vault;

    exports io.onex.secrets;
}
