package io.onex.host.core.runtime;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one runtime host: envelopes received, answered successfully, answered with an error,
 * handed back to the bus as dead letters.
 */
public final class HostStats {

    private final LongAdder received = new LongAdder();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder publishFailures = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();

    HostStats() {
    }

    void received() {
        received.increment();
    }

    void succeeded() {
        succeeded.increment();
    }

    void failed() {
        failed.increment();
    }

    void rejected() {
        rejected.increment();
    }

    void publishFailed() {
        publishFailures.increment();
    }

    void deadLettered() {
        deadLettered.increment();
    }

    /** Returns how many envelopes were delivered to the host. */
    public long receivedCount() {
        return received.sum();
    }

    /** Returns how many were answered with a successful response. */
    public long succeededCount() {
        return succeeded.sum();
    }

    /** Returns how many were answered with an error response. */
    public long failedCount() {
        return failed.sum();
    }

    /** Returns how many were not valid envelopes at all. */
    public long rejectedCount() {
        return rejected.sum();
    }

    /** Returns how many unreadable messages the bus took as dead letters instead of an error response. */
    public long deadLetteredCount() {
        return deadLettered.sum();
    }

    /** Returns how many responses could not be published. */
    public long publishFailureCount() {
        return publishFailures.sum();
    }
}
