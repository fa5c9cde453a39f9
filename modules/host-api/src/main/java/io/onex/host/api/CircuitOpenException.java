package io.onex.host.api;

/** Signals {@link ErrorCode#CIRCUIT_OPEN}. */
public final class CircuitOpenException extends OnexException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that is safe to put in an error envelope. */
    public CircuitOpenException(String message) {
        super(ErrorCode.CIRCUIT_OPEN, message, null);
    }

    /**
     * Creates the exception with a message that is safe to put in an error envelope, keeping
     * the library exception that caused it for logs (never for envelopes).
     */
    public CircuitOpenException(String message, Throwable cause) {
        super(ErrorCode.CIRCUIT_OPEN, message, cause);
    }
}
