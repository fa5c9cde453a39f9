package io.onex.host.api;

/** Signals {@link ErrorCode#OVERLOADED}. */
public final class OverloadedException extends OnexException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that is safe to put in an error envelope. */
    public OverloadedException(String message) {
        super(ErrorCode.OVERLOADED, message, null);
    }

    /**
     * Creates the exception with a message that is safe to put in an error envelope, keeping
     * the library exception that caused it for logs (never for envelopes).
     */
    public OverloadedException(String message, Throwable cause) {
        super(ErrorCode.OVERLOADED, message, cause);
    }
}
