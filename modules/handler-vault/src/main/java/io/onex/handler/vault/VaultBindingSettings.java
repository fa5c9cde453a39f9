package io.onex.handler.vault;

import io.onex.client.http.ServiceConfigReader;
import io.onex.client.vault.VaultConnection;
import io.onex.client.vault.VaultEndpoint;
import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.SecretRef;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of one Vault binding, read and checked once when the handler is built. The token
 * itself is not part of them: only its reference, resolved through the host's secrets.
 *
 * @param binding   the binding name, for messages
 * @param address   Vault's address, {@code http(s)://host[:port]}, without a trailing slash
 * @param tokenRef  where the token lives
 * @param mount       the KV version 2 mount ({@code kv_mount}), e.g. {@code secret} or {@code team/kv}
 * @param namespace   the Vault Enterprise namespace, sent as {@code X-Vault-Namespace}
 * @param openTimeout how long to wait for a connection ({@code open_timeout_ms})
 * @param timeout     how long each request may wait for Vault's answer ({@code read_timeout_ms})
 */
record VaultBindingSettings(String binding, String address, SecretRef tokenRef, String mount, Optional<String> namespace,
        Duration openTimeout, Duration timeout) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    static final String DEFAULT_MOUNT = "secret";
    private static final ServiceConfigReader.AddressRules ADDRESS = new ServiceConfigReader.AddressRules(
            "Vault's http or https URL, e.g. https://vault.example.com:8200",
            "must be an absolute http or https URL with a host", "the token goes in config.token", false);
    private static final String TOKEN =
            "is required and must be a secret_ref, e.g. { secret_ref: \"env:VAULT_TOKEN\" }";

    VaultBindingSettings {
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tokenRef, "tokenRef");
        Objects.requireNonNull(mount, "mount");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(openTimeout, "openTimeout");
        Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Reads the binding's config: {@code address}, {@code token} (a secret_ref), {@code kv_mount},
     * {@code namespace}, {@code open_timeout_ms} and {@code read_timeout_ms} (the keys the contract
     * loader checks and fills with defaults; see docs/handlers/vault.md).
     *
     * @throws ProtocolConfigurationException naming the binding and the key, never a value
     */
    static VaultBindingSettings from(HandlerBinding binding) {
        Map<String, Object> config = binding.config();
        String name = binding.name();
        ServiceConfigReader reader = ServiceConfigReader.of("vault binding '" + name + "'", config);
        return new VaultBindingSettings(name, reader.address("address", ADDRESS).toString(),
                reader.secretRef("token", TOKEN).orElseThrow(() -> reader.problem("token", TOKEN)),
                mount(reader, config.getOrDefault("kv_mount", DEFAULT_MOUNT)),
                namespace(reader, config.get("namespace")),
                reader.millis("open_timeout_ms", DEFAULT_TIMEOUT), reader.millis("read_timeout_ms", DEFAULT_TIMEOUT));
    }

    /** Returns where and how the binding's {@link VaultConnection} reaches Vault. */
    VaultEndpoint endpoint() {
        return new VaultEndpoint("vault binding '" + binding + "'", address, mount.split("/").length, namespace,
                openTimeout, timeout);
    }

    /** Returns the read timeout in the whole seconds the driver takes, rounded up. */
    int readTimeoutSeconds() {
        return endpoint().readTimeoutSeconds();
    }

    private static String mount(ServiceConfigReader reader, Object value) {
        if (value instanceof String text && SecretPath.isValid(text)) {
            return text;
        }
        throw reader.problem("kv_mount", "must be the KV version 2 mount path: segments of letters, digits, '.', '_'"
                + " or '-' separated by '/', without a leading or trailing '/' or a '..' segment");
    }

    private static Optional<String> namespace(ServiceConfigReader reader, Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String text && !text.isBlank() && text.chars().noneMatch(c -> c < 0x21 || c == 0x7f)) {
            return Optional.of(text);
        }
        throw reader.problem("namespace", "must be a non-empty string without spaces or control characters");
    }
}
