package io.onex.bus.kafka;

import io.onex.host.api.Envelope;
import io.onex.host.core.trace.TraceParent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * W3C Trace Context on Kafka records: the {@code traceparent} and {@code tracestate} record
 * headers of an input record are handed to the host beside the envelope, and an envelope's
 * {@code metadata.traceparent} and {@code metadata.tracestate} go out as headers of its record.
 */
final class TraceHeaders {

    /** The longest header value taken (tracestate is at most 32 list members of 256 characters). */
    private static final int MAX_VALUE_BYTES = 8_192;

    private TraceHeaders() {
    }

    /** Returns the trace context headers of an input record, if it has any. */
    static Map<String, String> read(Headers headers) {
        String parent = last(headers, TraceParent.TRACEPARENT);
        if (parent == null) {
            return Map.of();
        }
        String state = last(headers, TraceParent.TRACESTATE);
        return state == null ? Map.of(TraceParent.TRACEPARENT, parent)
                : Map.of(TraceParent.TRACEPARENT, parent, TraceParent.TRACESTATE, state);
    }

    /** Adds the trace context of {@code envelope}'s metadata to {@code headers}. */
    static void write(Envelope envelope, Headers headers) {
        Map<String, Object> metadata = envelope.metadata();
        if (metadata.isEmpty()) {
            return;
        }
        if (metadata.get(TraceParent.TRACEPARENT) instanceof String parent) {
            headers.add(TraceParent.TRACEPARENT, parent.getBytes(StandardCharsets.UTF_8));
            if (metadata.get(TraceParent.TRACESTATE) instanceof String state) {
                headers.add(TraceParent.TRACESTATE, state.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static String last(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        if (header == null || header.value() == null || header.value().length > MAX_VALUE_BYTES) {
            return null;
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
