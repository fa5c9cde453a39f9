package io.onex.host.api;

/** Signals {@link ErrorCode#RATE_LIMITED}. */
public final class RateLimitedException extends OnexException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that is safe to put in an error envelope. */
    public RateLimitedException(String message) {
        super(ErrorCode.RATE_LIMITED, message, null);
    }

    /**
     * Creates the exception with a message that is safe to put in an error envelope, keeping
     * the library exception that caused it for logs (never for envelopes).
     */
    public RateLimitedException(String message, Throwable cause) {
        super(ErrorCode.RATE_LIMITED, message, cause);
    }
}
