package io.onex.host.core.trace;

import io.onex.host.api.Envelope;
import java.util.Optional;

/**
 * A W3C Trace Context {@code traceparent} value: version {@code 00}, a 32-hex-digit trace id, a
 * 16-hex-digit parent span id and the trace flags.
 *
 * <p>An envelope carries it as {@code metadata.traceparent} (and the vendor list as
 * {@code metadata.tracestate}); a Kafka record and an HTTP request carry it as a header of the
 * same name.
 *
 * @param traceId lower-case hex, 32 digits, not all zero
 * @param spanId  lower-case hex, 16 digits, not all zero
 * @param flags   the trace flags; bit 0 is "sampled"
 */
public record TraceParent(String traceId, String spanId, int flags) {

    /** The metadata key and header name of the trace parent. */
    public static final String TRACEPARENT = "traceparent";
    /** The metadata key and header name of the vendor trace state. */
    public static final String TRACESTATE = "tracestate";

    private static final int LENGTH = 55;

    /** Checks the ids' form. */
    public TraceParent {
        if (!isHex(traceId, 32) || !isHex(spanId, 16) || flags < 0 || flags > 0xff) {
            throw new IllegalArgumentException("not a W3C trace parent: trace id, span id or flags malformed");
        }
    }

    /**
     * Reads {@code value} as a {@code traceparent} header; empty when it is not one (a malformed
     * value is ignored, as the W3C specification asks, and the receiver starts a new trace).
     */
    public static Optional<TraceParent> parse(Object value) {
        if (!(value instanceof String text) || text.length() < LENGTH) {
            return Optional.empty();
        }
        String version = text.substring(0, 2);
        // Version ff is invalid; a later version may append fields after the four known ones.
        if (!isHex(version, 2) || version.equals("ff") || (version.equals("00") && text.length() != LENGTH)
                || text.charAt(2) != '-' || text.charAt(35) != '-' || text.charAt(52) != '-'
                || (text.length() > LENGTH && text.charAt(LENGTH) != '-')) {
            return Optional.empty();
        }
        String flags = text.substring(53, 55);
        if (!isHex(flags, 2)) {
            return Optional.empty();
        }
        String traceId = text.substring(3, 35);
        String spanId = text.substring(36, 52);
        if (!isHex(traceId, 32) || !isHex(spanId, 16)) {
            return Optional.empty();
        }
        return Optional.of(new TraceParent(traceId, spanId, Integer.parseInt(flags, 16)));
    }

    /** Returns the trace parent {@code envelope} carries in its metadata, if a valid one. */
    public static Optional<TraceParent> of(Envelope envelope) {
        java.util.Map<String, Object> metadata = envelope.metadata();
        return metadata.isEmpty() ? Optional.empty() : parse(metadata.get(TRACEPARENT));
    }

    /**
     * Returns {@code envelope} with the trace context of {@code headers} (a Kafka record's) in its
     * metadata, unless it carries a valid {@code traceparent} of its own, which wins.
     */
    public static Envelope adopt(Envelope envelope, java.util.Map<String, String> headers) {
        if (headers.isEmpty() || of(envelope).isPresent() || parse(headers.get(TRACEPARENT)).isEmpty()) {
            return envelope;
        }
        java.util.Map<String, Object> metadata = new java.util.LinkedHashMap<>(envelope.metadata());
        metadata.put(TRACEPARENT, headers.get(TRACEPARENT));
        metadata.remove(TRACESTATE);
        if (headers.get(TRACESTATE) != null) {
            metadata.put(TRACESTATE, headers.get(TRACESTATE));
        }
        return envelope.withMetadata(metadata);
    }

    /** Returns whether the caller sampled this trace (flag bit 0). */
    public boolean sampled() {
        return (flags & 1) != 0;
    }

    /** Returns the header value, {@code 00-<trace id>-<span id>-<flags>}. */
    public String header() {
        return "00-" + traceId + "-" + spanId + "-" + (flags < 0x10 ? "0" : "") + Integer.toHexString(flags);
    }

    @Override
    public String toString() {
        return header();
    }

    private static boolean isHex(String value, int length) {
        if (value == null || value.length() != length) {
            return false;
        }
        boolean nonZero = false;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
            nonZero |= c != '0';
        }
        // An all-zero trace or span id is invalid; two-digit fields (version, flags) may be 00.
        return nonZero || length == 2;
    }
}
