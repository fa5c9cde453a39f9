package io.onex.host.core.codec;

import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeError;
import io.onex.host.api.HandlerType;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The outcome of decoding one envelope: the envelope, or why it was rejected. */
public sealed interface DecodeResult permits DecodeResult.Decoded, DecodeResult.Rejected {

    /**
     * The input was a valid envelope.
     *
     * @param envelope the envelope, with defaults applied for the optional fields the input left out
     */
    record Decoded(Envelope envelope) implements DecodeResult {
        public Decoded {
            Objects.requireNonNull(envelope, "envelope");
        }
    }

    /**
     * The input was not a valid envelope. Besides the error, it carries what could still be read
     * from the input (each {@code null} when absent or unreadable), so that the sender can get an
     * error envelope that it can correlate.
     *
     * @param error         the error to answer with: ENVELOPE_VALIDATION_ERROR or INVALID_OPERATION
     * @param envelopeId    the input's envelope id, or {@code null}
     * @param correlationId the input's correlation id, or {@code null}
     * @param targetNode    the input's target node, or {@code null}
     * @param handlerType   the input's handler type, or {@code null}
     * @param operation     the input's operation if well-formed, or {@code null}
     */
    record Rejected(EnvelopeError error, UUID envelopeId, UUID correlationId, String targetNode,
            HandlerType handlerType, String operation) implements DecodeResult {

        public Rejected {
            Objects.requireNonNull(error, "error");
        }

        /**
         * Returns the error envelope that answers the rejected input: see
         * {@link Envelope#errorForUnreadable}.
         */
        public Envelope errorEnvelope(UUID id, Instant now) {
            return Envelope.errorForUnreadable(envelopeId, correlationId, targetNode, handlerType, operation,
                    error, id, now);
        }
    }
}
