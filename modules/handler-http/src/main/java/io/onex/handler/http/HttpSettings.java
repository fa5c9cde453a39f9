package io.onex.handler.http;

import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.SecretRef;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The settings of one HTTP binding, read and checked once when the handler is built.
 *
 * @param binding          the binding name, for messages
 * @param baseUrl          what relative request URLs are appended to
 * @param failOn5xx        whether a 5xx answer is a SERVICE_UNAVAILABLE error
 * @param timeout          the whole call, redirects included
 * @param connectTimeout   each TCP (and TLS) connect
 * @param maxRequestBytes  the largest request body sent
 * @param maxResponseBytes the largest response body read
 * @param redirects        which redirects are followed
 * @param defaultHeaders   headers sent with every request unless the request sets them
 */
record HttpSettings(String binding, Optional<URI> baseUrl, boolean failOn5xx, Duration timeout,
        Duration connectTimeout, long maxRequestBytes, long maxResponseBytes, RedirectPolicy redirects,
        List<DefaultHeader> defaultHeaders) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    /** Bodies are held in one array, so no limit can exceed what an array holds. */
    static final long MAX_BYTES_CEILING = Integer.MAX_VALUE - 8;

    HttpSettings {
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(redirects, "redirects");
        defaultHeaders = List.copyOf(defaultHeaders);
    }

    /**
     * A header sent with every request.
     *
     * @param name      the header name
     * @param value     the value; for a secret reference, the value resolved at start-up
     * @param secret    whether the value came from a secret reference: it is then never shown and
     *                  not sent on to another origin after a redirect
     * @param reference the secret reference, read again for every request (a cached, rotating value)
     */
    record DefaultHeader(String name, String value, boolean secret, Optional<SecretRef> reference) {
        DefaultHeader {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(reference, "reference");
        }

        /** Returns a header with a plain (not secret) value. */
        DefaultHeader(String name, String value, boolean secret) {
            this(name, value, secret, Optional.empty());
        }

        @Override
        public String toString() {
            return name + ": " + (secret ? "(secret)" : value);
        }
    }

    /**
     * Reads the binding's config: {@code base_url}, {@code fail_on_5xx}, {@code connect_timeout_ms},
     * {@code max_request_bytes}, {@code max_response_bytes}, {@code follow_redirects} and
     * {@code default_headers}, with the binding's {@code timeout_ms}. Secret references in
     * {@code default_headers} are resolved through {@code secrets}.
     *
     * @throws ProtocolConfigurationException naming the key and the rule it breaks, never a secret
     */
    static HttpSettings from(HandlerBinding binding, Function<SecretRef, String> secrets) {
        Map<String, Object> config = binding.config();
        String name = binding.name();
        Duration timeout = binding.timeout().orElse(DEFAULT_TIMEOUT);
        if (timeout.isZero() || timeout.isNegative()) {
            throw problem(name, "timeout_ms must be positive, not " + timeout.toMillis());
        }
        Duration connectTimeout = config.containsKey("connect_timeout_ms")
                ? Duration.ofMillis(positive(name, config, "connect_timeout_ms", 0, Integer.MAX_VALUE))
                : timeout;
        return new HttpSettings(name,
                baseUrl(name, config.get("base_url")),
                flag(name, config, "fail_on_5xx"),
                timeout,
                connectTimeout,
                positive(name, config, "max_request_bytes", DEFAULT_MAX_BYTES, MAX_BYTES_CEILING),
                positive(name, config, "max_response_bytes", DEFAULT_MAX_BYTES, MAX_BYTES_CEILING),
                RedirectPolicy.fromConfig(name, config.getOrDefault("follow_redirects", "normal")),
                defaultHeaders(name, config.get("default_headers"), secrets));
    }

    private static Optional<URI> baseUrl(String binding, Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text) || text.isBlank()) {
            throw problem(binding, "base_url must be an absolute http or https URL");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw problem(binding, "base_url is not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw problem(binding, "base_url must be an absolute http or https URL with a host, not "
                    + SafeUrl.describe(uri));
        }
        if (uri.getRawUserInfo() != null) {
            throw problem(binding, "base_url must not hold credentials (user:password@); send them in a"
                    + " default_headers entry whose value is a secret_ref");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw problem(binding, "base_url must not have a query or a fragment: " + SafeUrl.describe(uri));
        }
        return Optional.of(uri);
    }

    private static boolean flag(String binding, Map<String, Object> config, String key) {
        Object value = config.getOrDefault(key, Boolean.FALSE);
        if (value instanceof Boolean b) {
            return b;
        }
        throw problem(binding, key + " must be true or false");
    }

    private static long positive(String binding, Map<String, Object> config, String key, long fallback, long max) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number && number.doubleValue() >= 1 && number.doubleValue() <= max
                && number.doubleValue() == Math.rint(number.doubleValue())) {
            return number.longValue();
        }
        throw problem(binding, key + " must be a whole number from 1 to " + max + ", not '" + value + "'");
    }

    private static List<DefaultHeader> defaultHeaders(String binding, Object value,
            Function<SecretRef, String> secrets) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw problem(binding, "default_headers must map header names to strings or secret_refs");
        }
        List<DefaultHeader> headers = new ArrayList<>(map.size());
        HttpRequest.Builder probe = HttpRequest.newBuilder();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String name = String.valueOf(entry.getKey());
            DefaultHeader header = switch (entry.getValue()) {
                case SecretRef ref -> new DefaultHeader(name, secrets.apply(ref), true, Optional.of(ref));
                case String text -> new DefaultHeader(name, text, false);
                case null, default -> throw problem(binding, "default_headers." + name
                        + " must be a string or a secret_ref");
            };
            try {
                probe.setHeader(header.name(), header.value());
            } catch (IllegalArgumentException e) {
                // The JDK's message may quote the value, which may be a secret: name only the header.
                throw problem(binding, "default_headers." + name + " cannot be sent: the name is not a valid"
                        + " header name, the JDK client sets it itself (Host, Connection, Content-Length, Expect,"
                        + " Upgrade), or the value holds a line break or another forbidden character");
            }
            headers.add(header);
        }
        return headers;
    }

    private static ProtocolConfigurationException problem(String binding, String message) {
        return new ProtocolConfigurationException("http binding '" + binding + "': config." + message);
    }
}
