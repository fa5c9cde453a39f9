package io.onex.host.api;

/** Signals {@link ErrorCode#HANDLER_EXECUTION_ERROR}. */
public final class HandlerExecutionException extends OnexException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that is safe to put in an error envelope. */
    public HandlerExecutionException(String message) {
        super(ErrorCode.HANDLER_EXECUTION_ERROR, message, null);
    }

    /**
     * Creates the exception with a message that is safe to put in an error envelope, keeping
     * the library exception that caused it for logs (never for envelopes).
     */
    public HandlerExecutionException(String message, Throwable cause) {
        super(ErrorCode.HANDLER_EXECUTION_ERROR, message, cause);
    }
}
