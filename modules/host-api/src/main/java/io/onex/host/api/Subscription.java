package io.onex.host.api;

/** A subscription to one topic. */
public interface Subscription extends AutoCloseable {

    /** Returns the subscribed topic. */
    String topic();

    /**
     * Stops taking new messages from outside the process while those already delivered finish:
     * the host calls it when it starts to drain. A broker bus stops fetching and lets go of what
     * it fetched but has not delivered yet (it stays on the broker, uncommitted), so that
     * {@link EventBus#pending} falls to the deliveries still unsettled. A bus that holds its
     * messages in the process does nothing: it still delivers what it holds. Idempotent.
     */
    default void stopFetching() {
    }

    /** Stops delivery to this subscription. Messages not yet delivered stay on the bus. */
    @Override
    void close();
}
