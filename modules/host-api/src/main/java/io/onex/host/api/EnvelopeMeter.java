package io.onex.host.api;

/**
 * Records the outcomes of the envelopes of one node and binding, handed out by a
 * {@link HostObserver}. Called on the per-envelope path from many threads at once:
 * implementations must be thread-safe and cheap, and must not throw.
 */
public interface EnvelopeMeter {

    /** A meter that records nothing. */
    EnvelopeMeter NONE = new EnvelopeMeter() {
        @Override
        public void answered() {
        }

        @Override
        public void failed(ErrorCode code) {
        }

        @Override
        public void executed(long nanos) {
        }
    };

    /** Records an envelope answered with a successful response. */
    void answered();

    /** Records an envelope answered with an error response of {@code code}. */
    void failed(ErrorCode code);

    /** Records one call of the binding's handler that took {@code nanos}, whatever its outcome. */
    void executed(long nanos);
}
