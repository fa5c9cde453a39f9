package io.onex.host.api;

/** Signals {@link ErrorCode#NODE_NOT_FOUND}. */
public final class NodeNotFoundException extends OnexException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that is safe to put in an error envelope. */
    public NodeNotFoundException(String message) {
        super(ErrorCode.NODE_NOT_FOUND, message, null);
    }

    /**
     * Creates the exception with a message that is safe to put in an error envelope, keeping
     * the library exception that caused it for logs (never for envelopes).
     */
    public NodeNotFoundException(String message, Throwable cause) {
        super(ErrorCode.NODE_NOT_FOUND, message, cause);
    }
}
