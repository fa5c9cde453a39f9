package io.onex.host.api;

/** Signals {@link ErrorCode#CONNECTION_ERROR}. */
public final class ConnectionException extends OnexException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that is safe to put in an error envelope. */
    public ConnectionException(String message) {
        super(ErrorCode.CONNECTION_ERROR, message, null);
    }

    /**
     * Creates the exception with a message that is safe to put in an error envelope, keeping
     * the library exception that caused it for logs (never for envelopes).
     */
    public ConnectionException(String message, Throwable cause) {
        super(ErrorCode.CONNECTION_ERROR, message, cause);
    }
}
