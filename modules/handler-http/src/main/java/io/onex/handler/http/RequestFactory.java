package io.onex.handler.http;

import io.onex.host.api.EnvelopeValidationException;
import io.onex.host.api.Secrets;
import io.onex.host.core.json.Json;
import io.onex.host.core.json.Utf8;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a request payload ({@code url}, {@code headers}, {@code query}, {@code body}) into an
 * {@link OutboundRequest}, refusing with ENVELOPE_VALIDATION_ERROR what cannot be sent.
 */
final class RequestFactory {

    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final HttpSettings settings;
    private final Secrets secrets;
    private final Optional<String> base;

    RequestFactory(HttpSettings settings, Secrets secrets) {
        this.settings = settings;
        this.secrets = secrets;
        this.base = settings.baseUrl().map(uri -> {
            String text = uri.toString();
            return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        });
    }

    /**
     * Returns the request for {@code operation} (using {@code method}) described by {@code payload}.
     *
     * @throws EnvelopeValidationException if the payload is malformed, the URL is not http(s),
     *                                     or the body is larger than {@code max_request_bytes}
     */
    OutboundRequest prepare(String operation, String method, Map<String, Object> payload) {
        URI uri = uri(operation, payload.get("url"), payload.get("query"));
        List<OutboundRequest.Header> headers = new ArrayList<>();
        Object given = payload.get("headers");
        if (given != null) {
            if (!(given instanceof Map<?, ?> map)) {
                throw invalid(operation, "payload.headers must be an object mapping header names to strings");
            }
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String name = unicode(operation, "headers", String.valueOf(entry.getKey()));
                headers.add(new OutboundRequest.Header(name, scalar(operation, "headers." + name, entry.getValue()),
                        isCredential(name)));
            }
        }
        boolean home = settings.baseUrl().map(origin -> OutboundRequest.sameOrigin(origin, uri)).orElse(true);
        for (HttpSettings.DefaultHeader header : settings.defaultHeaders()) {
            boolean sensitive = header.secret() || isCredential(header.name());
            // Secret defaults stay home: only the base_url's scheme, host and port see them. Without a
            // base_url the contract loader has made sure every node on the binding has targets.
            if (sensitive && !home) {
                continue;
            }
            if (!present(headers, header.name())) {
                headers.add(new OutboundRequest.Header(header.name(), header.reference().map(secrets).orElse(header.value()),
                        sensitive));
            }
        }
        byte[] body = body(operation, payload.get("body"), headers);
        if (body.length > settings.maxRequestBytes()) {
            throw invalid(operation, "the request body is " + body.length + " bytes, more than the binding's"
                    + " max_request_bytes (" + settings.maxRequestBytes() + ")");
        }
        return new OutboundRequest(operation, method, uri, headers, body);
    }

    private URI uri(String operation, Object url, Object query) {
        if (!(url instanceof String text) || text.isBlank()) {
            throw invalid(operation, "payload.url is required: an absolute http(s) URL, or a path relative to"
                    + " the binding's base_url");
        }
        URI parsed = parse(operation, unicode(operation, "url", text));
        String absolute;
        if (parsed.getScheme() != null) {
            absolute = text;
        } else if (parsed.getRawAuthority() != null) {
            throw invalid(operation,
                    "payload.url must be an absolute URL or a path, not a scheme-relative URL (//host)");
        } else if (base.isPresent()) {
            absolute = base.get() + (text.startsWith("/") ? "" : "/") + text;
        } else {
            throw invalid(operation, "payload.url is relative, and the binding has no base_url to resolve it against");
        }
        int hash = absolute.indexOf('#'); // a fragment is never sent
        if (hash >= 0) {
            absolute = absolute.substring(0, hash);
        }
        if (query != null) {
            absolute = withQuery(operation, absolute, query);
        }
        // Normalised, so that the URL checked against the node's targets is the URL sent.
        URI uri = (absolute.equals(text) ? parsed : parse(operation, absolute)).normalize();
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid(operation, "payload.url has the scheme '" + uri.getScheme()
                    + "'; only http and https are supported");
        }
        if (uri.getHost() == null) {
            throw invalid(operation, "payload.url has no host: " + SafeUrl.describe(uri));
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid(operation, "payload.url must not hold credentials (user:password@): "
                    + SafeUrl.describe(uri) + "; send them in a header");
        }
        return uri;
    }

    private static URI parse(String operation, String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            // The reason and index only: the URL itself may hold credentials.
            throw invalid(operation, "payload.url is not a valid URL (" + e.getReason() + " at index " + e.getIndex()
                    + "); percent-encode spaces and other reserved characters");
        }
    }

    private static String withQuery(String operation, String url, Object query) {
        StringBuilder text = new StringBuilder(url.length() + 64).append(url);
        char separator = url.indexOf('?') >= 0 ? '&' : '?';
        if (query instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String name = unicode(operation, "query", String.valueOf(entry.getKey()));
                List<?> values = entry.getValue() instanceof List<?> list ? list : List.of(entry.getValue());
                for (Object value : values) {
                    text.append(separator);
                    encode(text, name).append('=');
                    encode(text, scalar(operation, "query." + name, value));
                    separator = '&';
                }
            }
        } else if (query instanceof List<?> list) {
            for (Object item : list) {
                String pair = scalar(operation, "query[]", item);
                int equals = pair.indexOf('=');
                text.append(separator);
                encode(text, equals < 0 ? pair : pair.substring(0, equals));
                if (equals >= 0) {
                    encode(text.append('='), pair.substring(equals + 1));
                }
                separator = '&';
            }
        } else {
            throw invalid(operation, "payload.query must be an object of names to values, or a list of"
                    + " \"name=value\" strings");
        }
        return text.toString();
    }

    /** Percent-encodes all but RFC 3986's unreserved characters, as UTF-8. */
    private static StringBuilder encode(StringBuilder out, String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out;
    }

    private static byte[] body(String operation, Object body, List<OutboundRequest.Header> headers) {
        if (body == null) {
            return new byte[0];
        }
        String contentType;
        byte[] bytes;
        if (body instanceof String text) {
            contentType = TEXT;
            bytes = unicode(operation, "body", text).getBytes(StandardCharsets.UTF_8);
        } else {
            contentType = JSON;
            String problem = Utf8.surrogateProblem(body);
            if (problem != null) {
                throw invalid(operation, "payload.body " + problem);
            }
            try {
                bytes = Json.writeBytes(body);
            } catch (IllegalArgumentException e) {
                throw invalid(operation, "payload.body cannot be written as JSON");
            }
        }
        if (!present(headers, "content-type")) {
            headers.add(new OutboundRequest.Header("Content-Type", contentType, false));
        }
        return bytes;
    }

    private static String scalar(String operation, String field, Object value) {
        return switch (value) {
            case String text -> unicode(operation, field, text);
            case Boolean b -> b.toString();
            case Integer i -> i.toString();
            case Long l -> l.toString();
            case BigInteger i -> i.toString();
            case BigDecimal d -> plainText(operation, field, d);
            case null, default -> throw invalid(operation,
                    "payload." + field + " must be a string, a number or a boolean");
        };
    }

    /**
     * Returns {@code text}, refusing it when it holds an unpaired surrogate: it has no UTF-8 form
     * and would be sent as {@code ?}.
     */
    private static String unicode(String operation, String field, String text) {
        int at = Utf8.unpairedSurrogate(text);
        if (at >= 0) {
            throw invalid(operation, "payload." + field + " holds an unpaired surrogate (\\u"
                    + Integer.toHexString(text.charAt(at)) + " at char " + at + "), which has no UTF-8 form;"
                    + " write a character outside the BMP as a pair, such as \\ud83d\\ude00");
        }
        return text;
    }

    private static String plainText(String operation, String field, BigDecimal number) {
        try {
            return Json.plainText(number);
        } catch (IllegalArgumentException e) {
            throw invalid(operation, "payload." + field + ": " + e.getMessage());
        }
    }

    private static boolean present(List<OutboundRequest.Header> headers, String name) {
        for (OutboundRequest.Header header : headers) {
            if (header.named(name)) {
                return true;
            }
        }
        return false;
    }

    /** Returns whether a header carries a credential whatever its value's origin. */
    private static boolean isCredential(String name) {
        return name.equalsIgnoreCase("authorization") || name.equalsIgnoreCase("proxy-authorization")
                || name.equalsIgnoreCase("cookie");
    }

    private static EnvelopeValidationException invalid(String operation, String message) {
        return new EnvelopeValidationException(operation + ": " + message);
    }
}
