package io.onex.host.api.contract;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A node as a runtime host contract hosts it.
 *
 * @param slug     the routing name that an envelope's {@code target_node} matches; defaults to
 *                 the node contract's name
 * @param contract the node contract
 * @param limits   the node's own limits, tighter than its bindings'
 */
public record HostedNode(String slug, NodeContract contract, Limits limits) {

    public HostedNode {
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(limits, "limits");
    }

    /**
     * Per-node limits.
     *
     * @param maxConcurrent envelopes of this node in progress at once
     * @param ratePerSecond envelopes of this node accepted per second
     * @param queue         envelopes of this node that may wait for one of its
     *                      {@code maxConcurrent} places; beyond them an envelope is answered
     *                      OVERLOADED ({@code 0}: none wait)
     */
    public record Limits(OptionalInt maxConcurrent, OptionalDouble ratePerSecond, int queue) {
        /** The wait queue of a node whose contract sets no {@code limits.queue}. */
        public static final int DEFAULT_QUEUE = 64;

        /** No limits. */
        public static final Limits NONE = new Limits(OptionalInt.empty(), OptionalDouble.empty());

        public Limits {
            Objects.requireNonNull(maxConcurrent, "maxConcurrent");
            Objects.requireNonNull(ratePerSecond, "ratePerSecond");
            if (queue < 0) {
                throw new IllegalArgumentException("queue must not be negative: " + queue);
            }
        }

        /** Returns limits with the {@linkplain #DEFAULT_QUEUE default queue}. */
        public Limits(OptionalInt maxConcurrent, OptionalDouble ratePerSecond) {
            this(maxConcurrent, ratePerSecond, DEFAULT_QUEUE);
        }
    }
}
