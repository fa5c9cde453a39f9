package io.onex.client.http;

import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.contract.SecretRef;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the config of one binding to an HTTP service (Vault, Consul): the service's address, the
 * reference of its token and its timeouts, each checked. Every problem is a
 * {@link ProtocolConfigurationException} that names the owner and the key, never the value:
 * {@code <owner>: config.<key> <rule>}, e.g. {@code vault binding 'kv': config.address is required: ...}.
 */
public final class ServiceConfigReader {

    /**
     * How a service's address is explained, and whether it may carry a path.
     *
     * @param what      what the address must be, after "is required: ", e.g.
     *                  {@code the agent's http:// or https:// URL, e.g. http://127.0.0.1:8500}
     * @param absolute  the rule broken by a URL that is not absolute {@code http(s)} with a host
     * @param tokenHint where credentials go instead of the URL, after "must not hold credentials (user:password@); "
     * @param withPath  whether a path is kept (a base URL, trailing slashes dropped) or refused (only scheme,
     *                  host and port; a lone {@code /} is dropped)
     */
    public record AddressRules(String what, String absolute, String tokenHint, boolean withPath) {

        /** Checks that every text is given. */
        public AddressRules {
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(absolute, "absolute");
            Objects.requireNonNull(tokenHint, "tokenHint");
        }
    }

    private final String owner;
    private final Map<String, Object> config;

    private ServiceConfigReader(String owner, Map<String, Object> config) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Returns a reader of {@code config}, whose problems start with {@code owner}, e.g.
     * {@code consul binding 'catalog'}.
     */
    public static ServiceConfigReader of(String owner, Map<String, Object> config) {
        return new ServiceConfigReader(owner, config);
    }

    /**
     * Returns the address at {@code key}: an absolute {@code http} or {@code https} URL with a host,
     * without credentials, query or fragment, as {@code scheme://authority[/path]} with the scheme in
     * lower case and no trailing slash.
     *
     * @throws ProtocolConfigurationException when it is missing or breaks one of {@code rules}
     */
    public URI address(String key, AddressRules rules) {
        if (!(config.get(key) instanceof String text) || text.isBlank()) {
            throw problem(key, "is required: " + rules.what());
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw problem(key, "is not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw problem(key, rules.absolute());
        }
        if (uri.getRawUserInfo() != null) {
            throw problem(key, "must not hold credentials (user:password@); " + rules.tokenHint());
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        boolean query = uri.getRawQuery() != null || uri.getRawFragment() != null;
        if (rules.withPath() && query) {
            throw problem(key, "must not have a query or a fragment");
        }
        if (!rules.withPath() && (query || !path.isEmpty() && !path.equals("/"))) {
            throw problem(key, "must be only scheme, host and port (no path, query or fragment)");
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    /**
     * Returns the secret reference at {@code key}, or nothing when the key is absent.
     *
     * @throws ProtocolConfigurationException with {@code rule} when the value is not a reference
     *                                        (a token written in clear), never quoting it
     */
    public Optional<SecretRef> secretRef(String key, String rule) {
        return switch (config.get(key)) {
            case null -> Optional.empty();
            case SecretRef ref -> Optional.of(ref);
            default -> throw problem(key, rule);
        };
    }

    /**
     * Returns the timeout at {@code key}, a positive whole number of milliseconds, or
     * {@code fallback} when the key is absent.
     *
     * @throws ProtocolConfigurationException when it is not a positive number
     */
    public Duration millis(String key, Duration fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number && number.longValue() > 0) {
            return Duration.ofMillis(number.longValue());
        }
        throw problem(key, "must be a positive number of milliseconds");
    }

    /**
     * Returns {@code timeout}, read from {@code key} elsewhere (e.g. the binding's {@code timeout_ms}).
     *
     * @throws ProtocolConfigurationException when it is zero or negative
     */
    public Duration positive(String key, Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw problem(key, "must be positive, not " + timeout.toMillis());
        }
        return timeout;
    }

    /** Returns the problem {@code <owner>: config.<key> <rule>}; {@code rule} must not quote a secret. */
    public ProtocolConfigurationException problem(String key, String rule) {
        return new ProtocolConfigurationException(owner + ": config." + key + " " + rule);
    }
}
