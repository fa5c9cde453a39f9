package io.onex.host.api;

/** Signals {@link ErrorCode#EXPIRED}. */
public final class ExpiredException extends OnexException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that is safe to put in an error envelope. */
    public ExpiredException(String message) {
        super(ErrorCode.EXPIRED, message, null);
    }

    /**
     * Creates the exception with a message that is safe to put in an error envelope, keeping
     * the library exception that caused it for logs (never for envelopes).
     */
    public ExpiredException(String message, Throwable cause) {
        super(ErrorCode.EXPIRED, message, cause);
    }
}
