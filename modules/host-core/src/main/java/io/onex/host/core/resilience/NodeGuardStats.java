package io.onex.host.core.resilience;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What the guard of one hosted node has seen, for health and metrics.
 *
 * @param node                  the node's slug
 * @param inFlight              envelopes of this node executing now
 * @param maxConcurrent         the node's {@code limits.max_concurrent}, if set
 * @param ratePerSecond         the node's {@code limits.rate_per_second}, if set
 * @param overloadedRejections  envelopes answered OVERLOADED because the node was at its limit
 * @param rateLimitedRejections envelopes answered RATE_LIMITED by the node's rate
 * @param waiting               envelopes of this node waiting for a place now
 * @param queue                 how many may wait ({@code limits.queue}; 0 without {@code max_concurrent})
 * @param waitedAdmissions      envelopes that waited in the queue and then got a place
 */
public record NodeGuardStats(
        String node,
        int inFlight,
        OptionalInt maxConcurrent,
        OptionalDouble ratePerSecond,
        long overloadedRejections,
        long rateLimitedRejections,
        int waiting,
        int queue,
        long waitedAdmissions) {

    public NodeGuardStats {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(maxConcurrent, "maxConcurrent");
        Objects.requireNonNull(ratePerSecond, "ratePerSecond");
    }
}
