package io.onex.bus.kafka;

import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeError;
import io.onex.host.api.ErrorCode;
import io.onex.host.core.trace.TraceParent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the bus writes in place of an envelope too large for a Kafka record: an error envelope
 * with the same ids, so that the request is answered once and its input committed, instead of
 * being handed back to the bus and executed again on every delivery.
 *
 * <p>A handler's answer may legitimately be larger than a record (an HTTP body up to the
 * binding's {@code max_response_bytes}, a result set up to {@code max_result_bytes}) while the
 * producer's {@code max.request.size} and the broker's {@code message.max.bytes} are 1 MiB by
 * default. The replacement keeps only small, bounded fields, so that it always fits.
 */
final class OversizedResponse {

    /** The longest node name, operation or metadata text the replacement keeps. */
    static final int MAX_KEPT_TEXT = 256;

    private static final List<String> KEPT_METADATA =
            List.of(Envelope.ORIGINAL_TARGET_NODE, TraceParent.TRACEPARENT, TraceParent.TRACESTATE);

    private OversizedResponse() {
    }

    /** Returns the error envelope that stands in for {@code envelope}, which encoded to {@code bytes} bytes. */
    static Envelope replacing(Envelope envelope, int bytes) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("response_bytes", bytes);
        if (envelope.error() != null) {
            details.put("original_error_code", envelope.error().code().name());
        }
        String operation = small(envelope.operation());
        EnvelopeError error = new EnvelopeError(ErrorCode.EVENT_BUS_ERROR, "the response is " + bytes
                + " bytes, larger than a Kafka record may be (the producer's max.request.size, the broker's"
                + " message.max.bytes or the topic's max.message.bytes); it was replaced by this error. Ask for"
                + " less (a narrower query, a smaller page) or raise the record limits",
                envelope.handlerType(), operation, false, details);
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (String key : KEPT_METADATA) {
            if (envelope.metadata().get(key) instanceof String text && text.length() <= MAX_KEPT_TEXT) {
                metadata.put(key, text);
            }
        }
        return new Envelope(envelope.envelopeId(), envelope.envelopeVersion(), envelope.correlationId(),
                envelope.causationId(), small(envelope.sourceNode()), small(envelope.targetNode()),
                envelope.handlerType(), operation, null, metadata, envelope.timestamp(), null, true, false, error);
    }

    private static String small(String text) {
        return text != null && text.length() <= MAX_KEPT_TEXT ? text : null;
    }
}
