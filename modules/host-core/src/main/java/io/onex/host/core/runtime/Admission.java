package io.onex.host.core.runtime;

import io.onex.host.api.Envelope;
import io.onex.host.api.OnexException;
import io.onex.host.core.codec.DecodeResult;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What the host's intake decided about one delivered message, once: a request to run, a readable
 * envelope that is answered without running, or input that is not an envelope at all. Immutable;
 * every later step (dispatch, a drain's answer, a refusal at stop) reads the decision instead of
 * decoding the message again.
 */
sealed interface Admission {

    /** Returns the request the message holds, or {@code null} when it holds no readable envelope. */
    Envelope request();

    /**
     * Returns the answer to give when the host cannot run this message because it stops: an error
     * response to the request with {@code error}, or, for unreadable input, its rejection.
     */
    Envelope stopping(OnexException error, UUID id, Instant now);

    /**
     * A request to run.
     *
     * @param request the request, with its correlation id
     */
    record Accepted(Envelope request) implements Admission {
        public Accepted {
            Objects.requireNonNull(request, "request");
        }

        @Override
        public Envelope stopping(OnexException error, UUID id, Instant now) {
            return errorFor(request, error, id, now);
        }
    }

    /**
     * A readable envelope the host answers without running it (a response sent to the input topic,
     * a handler type the host does not have).
     *
     * @param request the envelope, with its correlation id
     * @param answer  the error response that answers it
     */
    record Refused(Envelope request, Envelope answer) implements Admission {
        public Refused {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(answer, "answer");
        }

        @Override
        public Envelope stopping(OnexException error, UUID id, Instant now) {
            return errorFor(request, error, id, now);
        }
    }

    /**
     * Input that is not a valid envelope: handed to the bus as a dead letter when it keeps them,
     * else answered with {@code answer}.
     *
     * @param rejection why it was rejected, with what could still be read of it
     * @param answer    the error envelope that answers it
     */
    record Unreadable(DecodeResult.Rejected rejection, Envelope answer) implements Admission {
        public Unreadable {
            Objects.requireNonNull(rejection, "rejection");
            Objects.requireNonNull(answer, "answer");
        }

        @Override
        public Envelope request() {
            return null;
        }

        @Override
        public Envelope stopping(OnexException error, UUID id, Instant now) {
            return answer;
        }
    }

    private static Envelope errorFor(Envelope request, OnexException error, UUID id, Instant now) {
        return Envelope.errorFor(request, error.toError(request.handlerType(), request.operation()), id, now);
    }
}
