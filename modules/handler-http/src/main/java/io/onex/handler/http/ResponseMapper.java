package io.onex.handler.http;

import io.onex.host.core.json.Json;
import io.onex.host.core.json.JsonLimits;
import io.onex.host.core.json.JsonSyntaxException;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a response into the response payload: {@code status_code}; {@code headers} by lowercase
 * name, several values joined with {@code ", "}; and {@code body}: the parsed JSON value when
 * the content type is JSON ({@code application/json} or {@code +json}) and the body parses, else
 * the body as text in the declared charset (UTF-8 by default), or {@code null} when empty.
 */
final class ResponseMapper {

    private static final int MAX_JSON_DEPTH = 200;

    private final JsonLimits limits;

    ResponseMapper(HttpSettings settings) {
        this.limits = JsonLimits.of(MAX_JSON_DEPTH, (int) settings.maxResponseBytes());
    }

    Map<String, Object> toPayload(HttpResponse<byte[]> response) {
        Map<String, Object> payload = new LinkedHashMap<>(4);
        payload.put("status_code", response.statusCode());
        Map<String, List<String>> received = response.headers().map();
        Map<String, Object> headers = new LinkedHashMap<>(Math.max(8, received.size() * 2));
        received.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                values.size() == 1 ? values.getFirst() : String.join(", ", values)));
        payload.put("headers", headers);
        payload.put("body", body(response.body(), response.headers().firstValue("content-type")));
        return payload;
    }

    private Object body(byte[] bytes, Optional<String> contentType) {
        if (bytes.length == 0) {
            return null;
        }
        String type = contentType.orElse("");
        if (isJson(type)) {
            try {
                return Json.read(bytes, limits);
            } catch (JsonSyntaxException e) {
                // Declared JSON that is not: hand it over as text rather than lose it.
            }
        }
        return new String(bytes, charset(type));
    }

    /** Returns whether the media type (before any parameter) is JSON. */
    static boolean isJson(String contentType) {
        int semicolon = contentType.indexOf(';');
        String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
                .toLowerCase(Locale.ROOT);
        return media.equals("application/json") || media.endsWith("+json");
    }

    private static Charset charset(String contentType) {
        int at = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (at < 0) {
            return StandardCharsets.UTF_8;
        }
        String name = contentType.substring(at + "charset=".length());
        int end = name.indexOf(';');
        name = (end < 0 ? name : name.substring(0, end)).trim();
        if (name.length() > 1 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1);
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
