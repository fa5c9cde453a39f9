/**
 * The one Vault client of the host, on the Vault Java driver: the secret resolver's Vault source
 * (io.onex.secrets) and the Vault handler (io.onex.handler.vault) each open a
 * {@code VaultConnection} (one JDK HTTP client, the driver configured for the current token,
 * renewed as a whole when the token changes) and map its answers to their own errors.
 */
module io.onex.client.vault {
    requires transitive io.onex.client.http; // ClientLifecycle.State and HttpClient in signatures
    requires transitive vault.java.driver;   // Logical, Rest, RestResponse and the driver's exceptions in signatures

    // Only the two modules that talk to Vault.
    exports io.onex.client.vault to io.onex.handler.vault, io.onex.secrets;
}
