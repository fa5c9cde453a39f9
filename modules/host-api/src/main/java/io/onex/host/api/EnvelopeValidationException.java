package io.onex.host.api;

/** Signals {@link ErrorCode#ENVELOPE_VALIDATION_ERROR}. */
public final class EnvelopeValidationException extends OnexException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that is safe to put in an error envelope. */
    public EnvelopeValidationException(String message) {
        super(ErrorCode.ENVELOPE_VALIDATION_ERROR, message, null);
    }

    /**
     * Creates the exception with a message that is safe to put in an error envelope, keeping
     * the library exception that caused it for logs (never for envelopes).
     */
    public EnvelopeValidationException(String message, Throwable cause) {
        super(ErrorCode.ENVELOPE_VALIDATION_ERROR, message, cause);
    }
}
