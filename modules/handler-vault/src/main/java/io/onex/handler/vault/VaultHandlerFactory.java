package io.onex.handler.vault;

import io.onex.host.api.ConfigChecks;
import io.onex.host.api.ConfigSchema;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.HandlerBinding;
import java.util.List;

/**
 * The factory of the {@code vault} handler: Vault's key/value secrets engine, version 2
 * (docs/handlers/vault.md describes every setting).
 */
public final class VaultHandlerFactory implements HandlerFactory {

    static final List<HandlerDescription.Operation> OPERATIONS = List.of(
            new HandlerDescription.Operation("vault.get_secret", List.of("path"), List.of("version"),
                    List.of("path", "version", "data", "metadata")),
            new HandlerDescription.Operation("vault.set_secret", List.of("path", "data"), List.of("cas"),
                    List.of("path", "version")),
            new HandlerDescription.Operation("vault.delete_secret", List.of("path"), List.of("versions"),
                    List.of("path", "deleted")),
            new HandlerDescription.Operation("vault.list_secrets", List.of("path"), List.of(),
                    List.of("path", "keys")));

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .requiredText("address", ConfigChecks.httpUrl("https://vault.example.com:8200"))
            .doc("Vault's address, e.g. https://vault.example.com:8200")
            .secret("token")
            .doc("where the Vault token lives, as a secret reference")
            .text("namespace", null)
            .doc("Vault Enterprise namespace, sent as X-Vault-Namespace")
            .text("kv_mount", "secret")
            .doc("the KV v2 mount every path is relative to")
            .integer("open_timeout_ms", 5_000, 1)
            .doc("how long to wait for a connection to Vault")
            .integer("read_timeout_ms", 5_000, 1)
            .doc("how long each request may wait for Vault's answer (rounded up to whole seconds)")
            .build();

    /** Creates the factory. */
    public VaultHandlerFactory() {
    }

    @Override
    public int spiVersion() {
        return HandlerFactory.SPI_VERSION;
    }

    @Override
    public String type() {
        return "vault";
    }

    @Override
    public String version() {
        return VaultHandler.VERSION;
    }

    @Override
    public String summary() {
        return "Reads, writes, deletes and lists secrets in Vault's key/value engine, version 2";
    }

    @Override
    public List<HandlerDescription.Operation> operations() {
        return OPERATIONS;
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public Handler create(HandlerBinding binding, Secrets secrets) {
        return VaultHandler.create(binding, secrets);
    }
}
