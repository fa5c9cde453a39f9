package io.onex.handler.vault;

import io.onex.client.vault.VaultConnection;
import io.onex.client.vault.VaultEndpoint;
import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.SecretRef;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
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
        return new VaultBindingSettings(name, address(name, config.get("address")), token(name, config.get("token")),
                mount(name, config.getOrDefault("kv_mount", DEFAULT_MOUNT)), namespace(name, config.get("namespace")),
                millis(name, config, "open_timeout_ms"), millis(name, config, "read_timeout_ms"));
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

    private static Duration millis(String binding, Map<String, Object> config, String key) {
        Object value = config.get(key);
        if (value == null) {
            return DEFAULT_TIMEOUT;
        }
        if (value instanceof Number number && number.longValue() > 0) {
            return Duration.ofMillis(number.longValue());
        }
        throw problem(binding, key, "must be a positive number of milliseconds");
    }

    private static String address(String binding, Object value) {
        if (!(value instanceof String text) || text.isBlank()) {
            throw problem(binding, "address", "is required: Vault's http or https URL, e.g. https://vault.example.com:8200");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw problem(binding, "address", "is not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw problem(binding, "address", "must be an absolute http or https URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw problem(binding, "address", "must not hold credentials (user:password@); the token goes in config.token");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!path.isEmpty() && !path.equals("/") || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw problem(binding, "address", "must be only scheme, host and port (no path, query or fragment)");
        }
        return scheme + "://" + uri.getRawAuthority();
    }

    private static SecretRef token(String binding, Object value) {
        if (value instanceof SecretRef ref) {
            return ref;
        }
        throw problem(binding, "token", "is required and must be a secret_ref, e.g. { secret_ref: \"env:VAULT_TOKEN\" }");
    }

    private static String mount(String binding, Object value) {
        if (value instanceof String text && SecretPath.isValid(text)) {
            return text;
        }
        throw problem(binding, "kv_mount", "must be the KV version 2 mount path: segments of letters, digits, '.', '_'"
                + " or '-' separated by '/', without a leading or trailing '/' or a '..' segment");
    }

    private static Optional<String> namespace(String binding, Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String text && !text.isBlank() && text.chars().noneMatch(c -> c < 0x21 || c == 0x7f)) {
            return Optional.of(text);
        }
        throw problem(binding, "namespace", "must be a non-empty string without spaces or control characters");
    }

    private static ProtocolConfigurationException problem(String binding, String key, String message) {
        return new ProtocolConfigurationException("vault binding '" + binding + "': config." + key + " " + message);
    }
}
