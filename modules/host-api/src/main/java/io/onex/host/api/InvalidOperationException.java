package io.onex.host.api;

/** Signals {@link ErrorCode#INVALID_OPERATION}. */
public final class InvalidOperationException extends OnexException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that is safe to put in an error envelope. */
    public InvalidOperationException(String message) {
        super(ErrorCode.INVALID_OPERATION, message, null);
    }

    /**
     * Creates the exception with a message that is safe to put in an error envelope, keeping
     * the library exception that caused it for logs (never for envelopes).
     */
    public InvalidOperationException(String message, Throwable cause) {
        super(ErrorCode.INVALID_OPERATION, message, cause);
    }
}
