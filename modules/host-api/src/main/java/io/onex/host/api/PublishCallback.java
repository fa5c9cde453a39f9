package io.onex.host.api;

/**
 * What a bus calls, exactly once, when an asynchronous {@link EventBus#publish(String, Envelope,
 * PublishCallback) publish} has ended: with {@code null} once the bus holds the envelope durably
 * (for a broker: once the broker acknowledged it), or with the reason it was not published.
 *
 * <p>A bus may call it on a thread of its own (a broker client's I/O thread) and, for a success,
 * before {@code publish} returns: it must be quick and never wait for anything.
 */
@FunctionalInterface
public interface PublishCallback {

    /**
     * The publish ended.
     *
     * @param failure {@code null} when the envelope was published, otherwise why it was not; see
     *                {@link EventBusException#refusedForGood()}
     */
    void published(EventBusException failure);
}
