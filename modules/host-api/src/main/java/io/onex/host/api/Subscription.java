package io.onex.host.api;

/** A subscription to one topic. */
public interface Subscription extends AutoCloseable {

    /** Returns the subscribed topic. */
    String topic();

    /** Stops delivery to this subscription. Messages not yet delivered stay on the bus. */
    @Override
    void close();
}
