package io.onex.host.api;

/**
 * The stable error codes that travel in error envelopes. The code, not the exception class, is
 * the contract with other services.
 *
 * <p>{@link #retryable()} tells whether repeating the same request may succeed: only transient
 * infrastructure failures are retryable; validation and permanent errors never are.
 */
public enum ErrorCode {
    CONTRACT_VALIDATION_ERROR(false),
    ENVELOPE_VALIDATION_ERROR(false),
    HANDLER_NOT_FOUND(false),
    NODE_NOT_FOUND(false),
    INVALID_OPERATION(false),
    OPERATION_NOT_ALLOWED(false),
    HANDLER_EXECUTION_ERROR(false),
    PROTOCOL_CONFIGURATION_ERROR(false),
    SECRET_RESOLUTION_ERROR(false),
    EVENT_BUS_ERROR(false),
    CONNECTION_ERROR(true),
    TIMEOUT(true),
    AUTHENTICATION_ERROR(false),
    SERVICE_UNAVAILABLE(true),
    CIRCUIT_OPEN(false),
    RATE_LIMITED(false),
    OVERLOADED(false),
    EXPIRED(false);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    /** Returns whether a retry of the same request may succeed by default. */
    public boolean retryable() {
        return retryable;
    }

    /** Returns the error code with this name, if there is one. */
    public static java.util.Optional<ErrorCode> fromName(String name) {
        for (ErrorCode code : values()) {
            if (code.name().equals(name)) {
                return java.util.Optional.of(code);
            }
        }
        return java.util.Optional.empty();
    }
}
