package io.onex.handler.consul;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One request to Consul's HTTP API, before the token is added.
 *
 * @param operation the host operation it serves, for messages
 * @param method    {@code GET} or {@code PUT}
 * @param path      the API path after the address, e.g. {@code /v1/catalog/service/web}; its
 *                  variable segments are names the payload rules allow, which need no escaping
 * @param query     query parameters, sent percent-encoded
 * @param body      the JSON body of a {@code PUT}, if any
 * @param notFound  what a 404 means for this call, e.g. "no service with id 'web-1'"; empty when
 *                  a 404 is not an expected answer
 */
record ConsulCall(String operation, String method, String path, Map<String, String> query, Optional<byte[]> body,
        Optional<String> notFound) {

    ConsulCall {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(query));
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(notFound, "notFound");
    }

    /** Returns a {@code GET} of {@code path} with {@code query}. */
    static ConsulCall get(String operation, String path, Map<String, String> query) {
        return new ConsulCall(operation, "GET", path, query, Optional.empty(), Optional.empty());
    }

    /** Returns a {@code PUT} of {@code path} with an optional JSON body. */
    static ConsulCall put(String operation, String path, Optional<byte[]> body, Optional<String> notFound) {
        return new ConsulCall(operation, "PUT", path, Map.of(), body, notFound);
    }

    /** Returns the full URI of this call on the agent at {@code address}. */
    URI uri(URI address) {
        String encoded = query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return URI.create(address + path + (encoded.isEmpty() ? "" : "?" + encoded));
    }

    /** Returns {@code operation METHOD path}, which names the call in messages; it never holds a token. */
    String describe() {
        return operation + " (" + method + " " + path + ")";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
