package io.onex.host.api;

/** Tells the bus that one delivered message is fully dealt with. */
@FunctionalInterface
public interface Settlement {

    /** A settlement for buses that track nothing. */
    Settlement NONE = () -> { };

    /** Marks the delivery complete. Calling it more than once has no further effect. */
    void complete();

    /**
     * Gives the delivered message back unfinished, because its response could not be published:
     * a bus with at-least-once delivery delivers it again later (to this process or another),
     * and a bus that cannot deliver anything twice treats it as complete. After
     * {@link #complete()} it has no effect, and the other way round.
     */
    default void abandon() {
        complete();
    }

    /**
     * Hands the delivered message back to the bus as a dead letter, because it cannot be read as
     * a request, and completes the delivery; returns {@code false}, without completing anything,
     * when the bus keeps no dead letters, and the listener then answers the message with an error
     * envelope instead.
     *
     * <p>A bus with a dead-letter topic writes the message there as it arrived, together with the
     * reason, and returns once the dead letter is durably stored (for a broker: acknowledged).
     * The reason's details may hold {@code correlation_id} and {@code envelope_id} when they could
     * be read from the message; the bus copies them to the dead letter. May block; the host calls
     * it from a virtual thread.
     *
     * @param reason why the message cannot be processed (its code and message)
     * @return whether the bus took the message as a dead letter
     * @throws EventBusException when the bus has a dead-letter topic but cannot store the dead letter
     */
    default boolean deadLetter(EnvelopeError reason) {
        return false;
    }
}
