package io.onex.host.api;

/** Signals {@link ErrorCode#EVENT_BUS_ERROR}. */
public final class EventBusException extends OnexException {
    private static final long serialVersionUID = 1L;

    private final boolean refusedForGood;

    /** Creates the exception with a message that is safe to put in an error envelope. */
    public EventBusException(String message) {
        this(message, null, false);
    }

    /**
     * Creates the exception with a message that is safe to put in an error envelope, keeping
     * the library exception that caused it for logs (never for envelopes).
     */
    public EventBusException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /**
     * Creates the exception for a publish that failed, saying whether the bus refused the
     * envelope itself so that no retry of it can ever succeed (see {@link #refusedForGood()}).
     */
    public EventBusException(String message, Throwable cause, boolean refusedForGood) {
        super(ErrorCode.EVENT_BUS_ERROR, message, cause);
        this.refusedForGood = refusedForGood;
    }

    /**
     * Returns whether the bus refused the envelope itself, for what it is (for a broker: a record
     * it will never take, such as one too large), so that publishing it again can never
     * succeed. {@code false} when a retry or a fix of the bus's setup may succeed: the bus is
     * unreachable, stopped, or not allowed to write.
     */
    public boolean refusedForGood() {
        return refusedForGood;
    }
}
