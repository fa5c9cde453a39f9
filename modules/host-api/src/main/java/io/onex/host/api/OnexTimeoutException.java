package io.onex.host.api;

/** Signals {@link ErrorCode#TIMEOUT}. */
public final class OnexTimeoutException extends OnexException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that is safe to put in an error envelope. */
    public OnexTimeoutException(String message) {
        super(ErrorCode.TIMEOUT, message, null);
    }

    /**
     * Creates the exception with a message that is safe to put in an error envelope, keeping
     * the library exception that caused it for logs (never for envelopes).
     */
    public OnexTimeoutException(String message, Throwable cause) {
        super(ErrorCode.TIMEOUT, message, cause);
    }
}
