package io.onex.host.api;

/**
 * Where envelopes come from and go to. A bus is not a handler, and a handler is not a bus.
 *
 * <p>The host subscribes to its input topic, calls {@link Settlement#complete()} on each
 * delivery once its response is published, and publishes responses to its output topic.
 * Implementations decide delivery guarantees; the in-memory bus is FIFO per topic.
 */
public interface EventBus {

    /** Starts delivering to subscribers. */
    void start();

    /**
     * Publishes an envelope and returns once the bus holds it durably (for a broker: once the
     * broker acknowledged it). May block; the host calls it from a virtual thread, or from the
     * delivering thread when {@link #publishBlocks()} says it does not.
     *
     * @throws EventBusException when the envelope cannot be published
     */
    void publish(String topic, Envelope envelope);

    /**
     * Publishes an envelope and tells {@code done} once the bus holds it durably or cannot
     * publish it; returns as soon as the bus has taken it on, which for a broker is before the
     * acknowledgement. The default publishes with {@link #publish(String, Envelope)} and calls
     * {@code done} before returning. A bus whose publish waits for a broker implements it without
     * waiting, so that no thread of the host waits for the broker per envelope.
     *
     * <p>{@code done} is called exactly once, possibly on a thread of the bus's own (see
     * {@link PublishCallback}); a failure that a retry can fix is retried by the bus before it is
     * reported.
     */
    default void publish(String topic, Envelope envelope, PublishCallback done) {
        EventBusException failure = null;
        try {
            publish(topic, envelope);
        } catch (EventBusException e) {
            failure = e;
        }
        done.published(failure);
    }

    /**
     * Returns whether {@link #publish} may wait for something outside the process, such as a
     * broker's acknowledgement. The default is {@code true}. A bus that returns {@code false}
     * publishes at once, waiting at most for room in a full topic of its own (the in-memory bus):
     * the host may then answer an envelope whose handler never blocks ({@link Handler#blocking()})
     * on the thread that delivered it.
     */
    default boolean publishBlocks() {
        return true;
    }

    /**
     * Publishes a message as it arrived from outside the process (one JSON document as UTF-8),
     * undecoded: the subscriber decodes it and answers input that is not a valid envelope.
     *
     * @throws EventBusException when the message cannot be published
     */
    void publishEncoded(String topic, byte[] json);

    /**
     * Delivers every message of {@code topic} to {@code listener}, one at a time per topic, in
     * the order the bus holds them. The listener may block to apply backpressure.
     */
    Subscription subscribe(String topic, DeliveryListener listener);

    /**
     * Returns how many messages of {@code topic} this process holds that its subscribers have
     * not finished receiving (queued or being delivered). The host drains until its input topic
     * has none pending. A bus whose messages stay on a broker until fetched holds none locally.
     */
    default long pending(String topic) {
        return 0;
    }

    /** Returns the bus's health. */
    BusHealth health();

    /** Stops delivering and releases the bus's resources. Idempotent. */
    void stop();
}
