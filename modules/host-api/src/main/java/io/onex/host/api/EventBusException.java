package io.onex.host.api;

/** Signals {@link ErrorCode#EVENT_BUS_ERROR}. */
public final class EventBusException extends OnexException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that is safe to put in an error envelope. */
    public EventBusException(String message) {
        super(ErrorCode.EVENT_BUS_ERROR, message, null);
    }

    /**
     * Creates the exception with a message that is safe to put in an error envelope, keeping
     * the library exception that caused it for logs (never for envelopes).
     */
    public EventBusException(String message, Throwable cause) {
        super(ErrorCode.EVENT_BUS_ERROR, message, cause);
    }
}
