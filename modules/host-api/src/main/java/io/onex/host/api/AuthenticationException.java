package io.onex.host.api;

/** Signals {@link ErrorCode#AUTHENTICATION_ERROR}. */
public final class AuthenticationException extends OnexException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that is safe to put in an error envelope. */
    public AuthenticationException(String message) {
        super(ErrorCode.AUTHENTICATION_ERROR, message, null);
    }

    /**
     * Creates the exception with a message that is safe to put in an error envelope, keeping
     * the library exception that caused it for logs (never for envelopes).
     */
    public AuthenticationException(String message, Throwable cause) {
        super(ErrorCode.AUTHENTICATION_ERROR, message, cause);
    }
}
