package io.onex.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link TestHttpServer} does with a request: answer it, answer it late, never answer,
 * cut the connection, or stream a body that does not end.
 */
public sealed interface HttpReply {

    /**
     * Answers with a status, headers and a body.
     *
     * @param status  the HTTP status code
     * @param headers response headers, each with its values in order
     * @param body    the body; empty for none
     */
    record Respond(int status, Map<String, List<String>> headers, byte[] body) implements HttpReply {
        public Respond {
            checkStatus(status);
            Map<String, List<String>> copy = new LinkedHashMap<>();
            headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
            headers = Collections.unmodifiableMap(copy);
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        /** Returns this answer with one more value of the header {@code name}. */
        public Respond withHeader(String name, String value) {
            Map<String, List<String>> copy = new LinkedHashMap<>(headers);
            List<String> values = new ArrayList<>(copy.getOrDefault(name, List.of()));
            values.add(value);
            copy.put(name, values);
            return new Respond(status, copy, body);
        }
    }

    /** Waits {@code delay} (cut short when the server closes), then does {@code then}. */
    record Delayed(Duration delay, HttpReply then) implements HttpReply {
        public Delayed {
            Objects.requireNonNull(then, "then");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative: " + delay);
            }
        }
    }

    /** Never answers; the request is held until the server closes. */
    record Hang() implements HttpReply {
    }

    /**
     * Answers with {@code status} and the first bytes of a chunked body, then sends nothing more
     * until the server closes: a response whose head arrives and whose body never ends.
     */
    record Stall(int status) implements HttpReply {
        public Stall {
            checkStatus(status);
        }
    }

    /** Resets the connection (an RST) without answering: "connection reset" at the client. */
    record Reset() implements HttpReply {
    }

    /** Closes the connection (a FIN) without answering: the client reads an early end of stream. */
    record Disconnect() implements HttpReply {
    }

    /**
     * Answers with a status and a body streamed in chunks until the client stops reading or the
     * server closes.
     *
     * @param status        the HTTP status code
     * @param contentType   the content type the answer declares
     * @param contentLength the length the answer declares, or -1 for a chunked body that never
     *                      ends
     */
    record Stream(int status, String contentType, long contentLength) implements HttpReply {
        public Stream {
            checkStatus(status);
            Objects.requireNonNull(contentType, "contentType");
            if (contentLength < -1) {
                throw new IllegalArgumentException("contentLength must be -1 or more: " + contentLength);
            }
        }
    }

    /** Answers with {@code status} and no body. */
    static Respond status(int status) {
        return new Respond(status, Map.of(), new byte[0]);
    }

    /** Answers with {@code status} and a UTF-8 text body. */
    static Respond text(int status, String body) {
        return new Respond(status, Map.of("Content-Type", List.of("text/plain; charset=utf-8")),
                body.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers with {@code status} and a JSON body, given as JSON text. */
    static Respond json(int status, String json) {
        return new Respond(status, Map.of("Content-Type", List.of("application/json")),
                json.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers with {@code status}, {@code headers} and a body of raw bytes. */
    static Respond of(int status, Map<String, String> headers, byte[] body) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        return new Respond(status, multi, body);
    }

    /** Answers with a redirect to {@code location}. */
    static Respond redirect(int status, String location) {
        return new Respond(status, Map.of("Location", List.of(location)), new byte[0]);
    }

    /** Waits {@code delay}, then does {@code then}. */
    static Delayed delayed(Duration delay, HttpReply then) {
        return new Delayed(delay, then);
    }

    /** Never answers. */
    static Hang hang() {
        return new Hang();
    }

    /** Resets the connection without answering. */
    static Reset reset() {
        return new Reset();
    }

    /** Closes the connection without answering. */
    static Disconnect disconnect() {
        return new Disconnect();
    }

    /** Answers {@code status} and part of a body, then stalls until the server closes. */
    static Stall stall(int status) {
        return new Stall(status);
    }

    /** Answers 200 with a chunked body that never ends. */
    static Stream endless() {
        return new Stream(200, "application/octet-stream", -1);
    }

    /** Answers 200 declaring a body of {@code contentLength} bytes and streaming it. */
    static Stream sized(long contentLength) {
        return new Stream(200, "application/octet-stream", contentLength);
    }

    private static void checkStatus(int status) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("an HTTP status is a three-digit number: " + status);
        }
    }
}
