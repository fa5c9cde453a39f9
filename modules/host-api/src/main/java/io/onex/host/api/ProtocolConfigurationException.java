package io.onex.host.api;

/** Signals {@link ErrorCode#PROTOCOL_CONFIGURATION_ERROR}. */
public final class ProtocolConfigurationException extends OnexException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that is safe to put in an error envelope. */
    public ProtocolConfigurationException(String message) {
        super(ErrorCode.PROTOCOL_CONFIGURATION_ERROR, message, null);
    }

    /**
     * Creates the exception with a message that is safe to put in an error envelope, keeping
     * the library exception that caused it for logs (never for envelopes).
     */
    public ProtocolConfigurationException(String message, Throwable cause) {
        super(ErrorCode.PROTOCOL_CONFIGURATION_ERROR, message, cause);
    }
}
