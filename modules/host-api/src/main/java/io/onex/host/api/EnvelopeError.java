package io.onex.host.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The error value carried by an error envelope: a stable code, a human message, and where it
 * happened. It never holds a stack trace, a connection string or a secret value.
 *
 * @param code          the stable error code
 * @param message       a human-readable explanation, safe to show to any consumer
 * @param handlerType   the handler type the request addressed, or {@code null} when unknown
 * @param operation     the operation the request asked for, or {@code null} when unknown
 * @param retryable     whether repeating the request may succeed
 * @param details       extra structured, non-secret facts (for example an HTTP status code)
 */
public record EnvelopeError(
        ErrorCode code,
        String message,
        HandlerType handlerType,
        String operation,
        boolean retryable,
        Map<String, Object> details) {

    public EnvelopeError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        details = details == null || details.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** Returns an error with the code's default retryability and no details. */
    public static EnvelopeError of(ErrorCode code, String message, HandlerType handlerType, String operation) {
        return new EnvelopeError(code, message, handlerType, operation, code.retryable(), Map.of());
    }

    /** Returns this error's handler type, if known. */
    public Optional<HandlerType> handler() {
        return Optional.ofNullable(handlerType);
    }
}
