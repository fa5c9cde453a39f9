package io.onex.host.core.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one hosted node: envelopes received, in flight, answered successfully and failed. */
public final class NodeStats {

    private final String node;
    private final LongAdder received = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
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
        inFlight.incrementAndGet();
    }

    void finished(boolean success) {
        inFlight.decrementAndGet();
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
        return inFlight.get();
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
