package io.onex.host.api;

/** Signals {@link ErrorCode#HANDLER_NOT_FOUND}. */
public final class HandlerNotFoundException extends OnexException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that is safe to put in an error envelope. */
    public HandlerNotFoundException(String message) {
        super(ErrorCode.HANDLER_NOT_FOUND, message, null);
    }

    /**
     * Creates the exception with a message that is safe to put in an error envelope, keeping
     * the library exception that caused it for logs (never for envelopes).
     */
    public HandlerNotFoundException(String message, Throwable cause) {
        super(ErrorCode.HANDLER_NOT_FOUND, message, cause);
    }
}
