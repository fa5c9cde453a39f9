package io.onex.host.core.runtime;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one runtime host: envelopes received, answered successfully, answered with an error,
 * handed back to the bus as dead letters. What was answered is not counted again here: it is the
 * sum of the nodes' counts ({@link NodeStats}), the envelopes that reached no node included.
 */
public final class HostStats {

    private final LongAdder received = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder publishFailures = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final List<NodeStats> nodes;

    HostStats(NodeRuntime nodes) {
        this.nodes = java.util.stream.Stream.concat(nodes.stats().stream(), java.util.stream.Stream.of(
                nodes.unroutedStats())).toList();
    }

    void received() {
        received.increment();
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
        long sum = 0;
        for (NodeStats node : nodes) {
            sum += node.answeredCount();
        }
        return sum;
    }

    /** Returns how many were answered with an error response (dead letters are not answers). */
    public long failedCount() {
        long sum = 0;
        for (NodeStats node : nodes) {
            sum += node.failedCount();
        }
        return sum - deadLettered.sum();
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
