package io.onex.host.core.runtime;

import io.onex.host.api.HostObserver;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one hosted node: envelopes received, answered successfully and failed. These are
 * the host's only outcome counts: how many are in flight is what was received and not yet
 * answered, and the host's totals ({@link HostStats}) are the sums over its nodes.
 */
public final class NodeStats {

    private final String node;
    private final LongAdder received = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final LongAdder failed = new LongAdder();

    NodeStats(String node) {
        this.node = node;
    }

    /** Returns the node's slug, or {@link HostObserver#NO_NODE} for envelopes that reached no node. */
    public String node() {
        return node;
    }

    void started() {
        received.increment();
    }

    void finished(boolean success) {
        if (success) {
            answered.increment();
        } else {
            failed.increment();
        }
    }

    /** Returns how many envelopes for this node the host has taken up. */
    public long receivedCount() {
        return received.sum();
    }

    /** Returns how many are being worked on now. */
    public int inFlight() {
        // The finished ones first: every envelope is counted received before it is counted
        // finished, so reading received last never gives less than the true number.
        long finished = answered.sum() + failed.sum();
        return (int) Math.max(0, received.sum() - finished);
    }

    /** Returns how many were answered with a successful response. */
    public long answeredCount() {
        return answered.sum();
    }

    /** Returns how many were answered with an error response. */
    public long failedCount() {
        return failed.sum();
    }
}
