package io.onex.handler.consul;

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
 * The settings of one Consul binding, read and checked once when the handler is built.
 *
 * @param binding    the binding name, for messages
 * @param address    the agent's base URL, e.g. {@code http://127.0.0.1:8500}, without a trailing slash
 * @param token      the ACL token's reference; the value is resolved per call, never held here
 * @param datacenter the datacenter sent as {@code ?dc=} on catalog and health reads
 * @param timeout    the whole call, a token-refresh retry included
 */
record ConsulSettings(String binding, URI address, Optional<SecretRef> token, Optional<String> datacenter,
        Duration timeout) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    ConsulSettings {
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(datacenter, "datacenter");
        Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Reads the binding's config: {@code address} (required), {@code token} (a secret_ref) and
     * {@code datacenter}, with the binding's {@code timeout_ms}.
     *
     * @throws ProtocolConfigurationException naming the key and the rule it breaks
     */
    static ConsulSettings from(HandlerBinding binding) {
        Map<String, Object> config = binding.config();
        String name = binding.name();
        Duration timeout = binding.timeout().orElse(DEFAULT_TIMEOUT);
        if (timeout.isZero() || timeout.isNegative()) {
            throw problem(name, "timeout_ms must be positive, not " + timeout.toMillis());
        }
        return new ConsulSettings(name, address(name, config.get("address")), token(name, config.get("token")),
                datacenter(name, config.get("datacenter")), timeout);
    }

    private static URI address(String binding, Object value) {
        if (!(value instanceof String text) || text.isBlank()) {
            throw problem(binding, "address is required: the agent's http:// or https:// URL, e.g."
                    + " http://127.0.0.1:8500");
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw problem(binding, "address is not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw problem(binding, "address must be an absolute http:// or https:// URL with a host,"
                    + " e.g. http://127.0.0.1:8500");
        }
        if (uri.getRawUserInfo() != null) {
            throw problem(binding, "address must not hold credentials (user:password@); give the ACL token"
                    + " as config.token, a secret_ref");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw problem(binding, "address must not have a query or a fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    private static Optional<SecretRef> token(String binding, Object value) {
        return switch (value) {
            case null -> Optional.empty();
            case SecretRef ref -> Optional.of(ref);
            // Never echo the value: a token written in clear is still a token.
            default -> throw problem(binding, "token must be a secret reference ({ secret_ref: ... }), not a"
                    + " literal value");
        };
    }

    private static Optional<String> datacenter(String binding, Object value) {
        return switch (value) {
            case null -> Optional.empty();
            case String text when text.matches("[A-Za-z0-9_.-]{1,64}") -> Optional.of(text);
            default -> throw problem(binding, "datacenter must be a datacenter name (letters, digits, '-', '_',"
                    + " '.'), e.g. dc1");
        };
    }

    /** Returns the address as shown in health and messages: scheme, host, port and path. */
    String shownAddress() {
        return address.toString();
    }

    private static ProtocolConfigurationException problem(String binding, String message) {
        return new ProtocolConfigurationException("consul binding '" + binding + "': config." + message);
    }
}
