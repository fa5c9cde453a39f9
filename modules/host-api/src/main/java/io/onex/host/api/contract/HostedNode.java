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
     */
    public record Limits(OptionalInt maxConcurrent, OptionalDouble ratePerSecond) {
        /** No limits. */
        public static final Limits NONE = new Limits(OptionalInt.empty(), OptionalDouble.empty());

        public Limits {
            Objects.requireNonNull(maxConcurrent, "maxConcurrent");
            Objects.requireNonNull(ratePerSecond, "ratePerSecond");
        }
    }
}
