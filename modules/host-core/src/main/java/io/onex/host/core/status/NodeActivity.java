package io.onex.host.core.status;

import io.onex.host.core.runtime.NodeStats;
import java.util.Objects;

/**
 * One node's envelope counts, read live each time they are asked for: what the health server
 * reports and meters per node (or for the envelopes that named no hosted node). Nothing here can
 * change the host.
 */
public final class NodeActivity {

    private final NodeStats stats;

    NodeActivity(NodeStats stats) {
        this.stats = Objects.requireNonNull(stats, "stats");
    }

    /** Returns the node's slug, or the name of the unrouted counts. */
    public String node() {
        return stats.node();
    }

    /** Returns how many of its envelopes are being worked on now. */
    public int inFlight() {
        return stats.inFlight();
    }

    /** Returns how many envelopes the host took up for it. */
    public long received() {
        return stats.receivedCount();
    }

    /** Returns how many of them were answered with a successful response. */
    public long answered() {
        return stats.answeredCount();
    }

    /** Returns how many of them were answered with an error. */
    public long failed() {
        return stats.failedCount();
    }
}
