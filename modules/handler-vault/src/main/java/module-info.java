/**
 * The Vault handler (vault.get_secret, vault.set_secret, vault.delete_secret,
 * vault.list_secrets) on Vault's key/value secrets engine, version 2, through the host's one Vault
 * client on the Vault Java driver.
 */
module io.onex.handler.vault {
    requires io.onex.host.core;    // the host API and the JSON reader and writer
    requires io.onex.client.vault; // the host's one Vault client (with the driver and the JDK HTTP client)

    // Only the wiring module may build handlers.
    exports io.onex.handler.vault to io.onex.wiring;
}
