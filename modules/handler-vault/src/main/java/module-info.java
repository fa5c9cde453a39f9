/**
 * The Vault handler (vault.get_secret, vault.set_secret, vault.delete_secret,
 * vault.list_secrets) on Vault's key/value secrets engine, version 2, through the Vault Java driver.
 */
module io.onex.handler.vault {
    requires io.onex.host.core; // the host API and the JSON reader and writer
    requires vault.java.driver;
    requires java.net.http;     // the one HTTP client per binding the driver sends through

    // Only the wiring module may build handlers.
    exports io.onex.handler.vault to io.onex.wiring;
}
