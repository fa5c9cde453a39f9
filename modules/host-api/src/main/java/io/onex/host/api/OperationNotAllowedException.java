package io.onex.host.api;

/** Signals {@link ErrorCode#OPERATION_NOT_ALLOWED}. */
public final class OperationNotAllowedException extends OnexException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that is safe to put in an error envelope. */
    public OperationNotAllowedException(String message) {
        super(ErrorCode.OPERATION_NOT_ALLOWED, message, null);
    }

    /**
     * Creates the exception with a message that is safe to put in an error envelope, keeping
     * the library exception that caused it for logs (never for envelopes).
     */
    public OperationNotAllowedException(String message, Throwable cause) {
        super(ErrorCode.OPERATION_NOT_ALLOWED, message, cause);
    }
}
