package io.onex.host.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one base type of every error the host and its handlers raise. Each {@link ErrorCode} has
 * exactly one final subclass; library exceptions are mapped to one of them at the handler
 * boundary, so nothing raw reaches the router or the bus.
 *
 * <p>The exception carries the error; {@link #toError(HandlerType, String)} turns it into the
 * {@link EnvelopeError} value that goes on the wire. Messages must be safe to publish: no
 * connection strings, credentials, tokens or secret values. The cause, if any, is kept for logs
 * only and never copied into an envelope.
 */
public abstract sealed class OnexException extends RuntimeException permits
        ContractValidationException,
        EnvelopeValidationException,
        HandlerNotFoundException,
        NodeNotFoundException,
        InvalidOperationException,
        OperationNotAllowedException,
        HandlerExecutionException,
        ProtocolConfigurationException,
        SecretResolutionException,
        EventBusException,
        ConnectionException,
        OnexTimeoutException,
        AuthenticationException,
        ServiceUnavailableException,
        CircuitOpenException,
        RateLimitedException,
        OverloadedException,
        ExpiredException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private Boolean retryable;
    private Map<String, Object> details = Map.of();

    OnexException(ErrorCode code, String message, Throwable cause) {
        // No stack trace of our own: these are expected outcomes on the per-envelope path and
        // never travel with a trace; the library cause, when there is one, keeps its trace.
        super(Objects.requireNonNull(message, "message"), cause, true, false);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** Returns the stable error code. */
    public final ErrorCode code() {
        return code;
    }

    /** Returns whether a retry may succeed: the code's default unless overridden. */
    public final boolean retryable() {
        return retryable != null ? retryable : code.retryable();
    }

    /** Returns the structured, non-secret details attached to this error. */
    public final Map<String, Object> details() {
        return details;
    }

    /**
     * Overrides whether this error is retryable, for example to mark an HTTP 5xx answer as
     * worth retrying. Returns this exception.
     */
    public final OnexException withRetryable(boolean value) {
        this.retryable = value;
        return this;
    }

    /** Adds a non-secret detail (for example {@code status_code}). Returns this exception. */
    public final OnexException withDetail(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(details);
        copy.put(Objects.requireNonNull(key, "key"), value);
        this.details = Map.copyOf(copy);
        return this;
    }

    /**
     * The most characters of a message that go on the wire. A message may quote what a request
     * named (a node, an operation, a path), and a request may name it at any length the intake
     * allows: the answer must not multiply what came in.
     */
    public static final int MAX_WIRE_MESSAGE = 1024;

    /**
     * Returns the wire value of this error for a request of the given type and operation. Its
     * message is cut to {@link #MAX_WIRE_MESSAGE} characters, saying how many were left out.
     */
    public final EnvelopeError toError(HandlerType handlerType, String operation) {
        return new EnvelopeError(code, wireMessage(getMessage()), handlerType, operation, retryable(), details);
    }

    static String wireMessage(String message) {
        if (message == null || message.length() <= MAX_WIRE_MESSAGE) {
            return message;
        }
        int end = MAX_WIRE_MESSAGE;
        if (Character.isHighSurrogate(message.charAt(end - 1))) {
            end--; // never half a character
        }
        return message.substring(0, end) + "... (" + (message.length() - end) + " more characters)";
    }

    /**
     * Returns a new exception of the subclass that signals {@code code}. Used where the code is
     * data, for example an error read back from an envelope.
     */
    public static OnexException of(ErrorCode code, String message) {
        return switch (code) {
            case CONTRACT_VALIDATION_ERROR -> new ContractValidationException(
                    java.util.List.of(io.onex.host.api.contract.ContractProblem.error(null, 0, 0, message, java.util.List.of(), "")));
            case ENVELOPE_VALIDATION_ERROR -> new EnvelopeValidationException(message);
            case HANDLER_NOT_FOUND -> new HandlerNotFoundException(message);
            case NODE_NOT_FOUND -> new NodeNotFoundException(message);
            case INVALID_OPERATION -> new InvalidOperationException(message);
            case OPERATION_NOT_ALLOWED -> new OperationNotAllowedException(message);
            case HANDLER_EXECUTION_ERROR -> new HandlerExecutionException(message);
            case PROTOCOL_CONFIGURATION_ERROR -> new ProtocolConfigurationException(message);
            case SECRET_RESOLUTION_ERROR -> new SecretResolutionException(message);
            case EVENT_BUS_ERROR -> new EventBusException(message);
            case CONNECTION_ERROR -> new ConnectionException(message);
            case TIMEOUT -> new OnexTimeoutException(message);
            case AUTHENTICATION_ERROR -> new AuthenticationException(message);
            case SERVICE_UNAVAILABLE -> new ServiceUnavailableException(message);
            case CIRCUIT_OPEN -> new CircuitOpenException(message);
            case RATE_LIMITED -> new RateLimitedException(message);
            case OVERLOADED -> new OverloadedException(message);
            case EXPIRED -> new ExpiredException(message);
        };
    }
}
