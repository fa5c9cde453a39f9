package io.onex.testkit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request as a {@link TestHttpServer} received it, recorded on arrival before it is answered.
 *
 * @param method    the request method, e.g. {@code GET}
 * @param path      the raw (still percent-encoded) path
 * @param rawQuery  the raw query, without {@code ?}; empty when there is none
 * @param headers   the request headers by lowercase name, each with its values in order
 * @param body      the body (the first {@value TestHttpServer#MAX_RECORDED_BODY} bytes of it)
 * @param arrivedAt when the request arrived
 */
public record HttpRecordedRequest(String method, String path, String rawQuery, Map<String, List<String>> headers,
        byte[] body, Instant arrivedAt) {

    public HttpRecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(rawQuery, "rawQuery");
        Map<String, List<String>> lowercase = new LinkedHashMap<>();
        headers.forEach((name, values) -> lowercase.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values),
                (a, b) -> {
                    List<String> both = new ArrayList<>(a);
                    both.addAll(b);
                    return List.copyOf(both);
                }));
        headers = Map.copyOf(lowercase);
        body = body.clone();
        Objects.requireNonNull(arrivedAt, "arrivedAt");
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** Returns the body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Returns the first value of the header {@code name} (any case), if it was sent. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** Returns the query parameters, decoded, each name with its values in order. */
    public Map<String, List<String>> queryParameters() {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
