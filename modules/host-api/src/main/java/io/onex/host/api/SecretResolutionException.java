package io.onex.host.api;

/** Signals {@link ErrorCode#SECRET_RESOLUTION_ERROR}. */
public final class SecretResolutionException extends OnexException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that is safe to put in an error envelope. */
    public SecretResolutionException(String message) {
        super(ErrorCode.SECRET_RESOLUTION_ERROR, message, null);
    }

    /**
     * Creates the exception with a message that is safe to put in an error envelope, keeping
     * the library exception that caused it for logs (never for envelopes).
     */
    public SecretResolutionException(String message, Throwable cause) {
        super(ErrorCode.SECRET_RESOLUTION_ERROR, message, cause);
    }
}
