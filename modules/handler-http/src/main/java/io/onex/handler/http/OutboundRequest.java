package io.onex.handler.http;

import io.onex.host.api.EnvelopeValidationException;
import io.onex.host.core.trace.TraceParent;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A request ready to send: method, URL, headers and body, checked. It builds the JDK request for
 * each attempt and the request that follows a redirect.
 *
 * @param operation the operation, for messages ({@code http.get})
 * @param method    the HTTP method
 * @param uri       the absolute URL
 * @param headers   the headers to send, request headers first, then the binding's defaults
 * @param body      the body; empty for none
 */
record OutboundRequest(String operation, String method, URI uri, List<Header> headers, byte[] body) {

    OutboundRequest {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = List.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /**
     * One header to send.
     *
     * @param name      the header name as given
     * @param value     the value
     * @param sensitive whether the value is a credential: never shown, and not sent to another
     *                  origin after a redirect
     */
    record Header(String name, String value, boolean sensitive) {
        Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        boolean named(String other) {
            return name.equalsIgnoreCase(other);
        }

        @Override
        public String toString() {
            return name + ": " + (sensitive ? "(secret)" : value);
        }
    }

    /**
     * Returns this request carrying the W3C trace context of {@code metadata} (an envelope's
     * {@code traceparent} and {@code tracestate}) as headers, in place of any the payload named:
     * the host's span is the parent of whatever the server does. Unchanged when it has none.
     */
    OutboundRequest withTraceContext(java.util.Map<String, Object> metadata) {
        if (metadata.isEmpty() || !(metadata.get(TraceParent.TRACEPARENT) instanceof String parent)) {
            return this;
        }
        List<Header> traced = new ArrayList<>(headers.size() + 2);
        for (Header header : headers) {
            if (!header.named(TraceParent.TRACEPARENT) && !header.named(TraceParent.TRACESTATE)) {
                traced.add(header);
            }
        }
        traced.add(new Header(TraceParent.TRACEPARENT, parent, false));
        if (metadata.get(TraceParent.TRACESTATE) instanceof String state) {
            traced.add(new Header(TraceParent.TRACESTATE, state, false));
        }
        return new OutboundRequest(operation, method, uri, traced, body);
    }

    /**
     * Returns the JDK request, with {@code timeout} as its own response timeout.
     *
     * @throws EnvelopeValidationException naming a header the JDK client refuses
     */
    HttpRequest toHttpRequest(Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout);
        for (Header header : headers) {
            try {
                builder.setHeader(header.name(), header.value());
            } catch (IllegalArgumentException e) {
                // The JDK's message may quote the value: name only the header.
                throw new EnvelopeValidationException(operation + ": header '" + header.name() + "' cannot be sent:"
                        + " the name is not a valid header name, the client sets it itself (Host, Connection,"
                        + " Content-Length, Expect, Upgrade), or the value holds a line break or another forbidden"
                        + " character");
            }
        }
        HttpRequest.BodyPublisher publisher = body.length == 0
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return builder.method(method, publisher).build();
    }

    /**
     * Returns the request that follows a {@code status} redirect to {@code target}: 303, and 301
     * or 302 after a POST, become a GET without a body (as browsers and the JDK client do); other
     * redirects repeat the method and body. Credentials (sensitive headers) are not sent on to
     * another origin.
     */
    OutboundRequest redirectedTo(URI target, int status) {
        boolean toGet = status == 303 || (status == 301 || status == 302) && method.equals("POST");
        boolean sameOrigin = sameOrigin(uri, target);
        List<Header> kept = new ArrayList<>(headers.size());
        for (Header header : headers) {
            boolean bodyHeader = header.named("content-type") || header.named("content-encoding");
            if ((sameOrigin || !header.sensitive()) && !(toGet && bodyHeader)) {
                kept.add(header);
            }
        }
        return new OutboundRequest(operation, toGet ? "GET" : method, target, kept, toGet ? new byte[0] : body);
    }

    /** Returns whether {@code a} and {@code b} have the same scheme, host and port. */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    @Override
    public String toString() {
        return method + " " + SafeUrl.describe(uri) + " " + headers + " (" + body.length + " body bytes)";
    }
}
