package io.onex.host.core.status;

import java.util.List;
import java.util.Objects;

/**
 * What one hosted node needs from the host's bindings, and which of them are down at one moment.
 *
 * @param node     the node's slug
 * @param bindings the bindings its contract uses, in contract order, each once
 * @param down     those of them that are enabled here and not {@linkplain BindingStatus#up() up}
 * @param disabled those of them that this host does not enable ({@code enabled: false}): a
 *                 deliberate choice of the contract, so they do not make the node unready
 */
public record NodeStatus(String node, List<String> bindings, List<BindingStatus> down, List<String> disabled) {

    public NodeStatus {
        Objects.requireNonNull(node, "node");
        bindings = List.copyOf(bindings);
        down = List.copyOf(down);
        disabled = List.copyOf(disabled);
    }

    /** Returns whether every enabled binding the node uses is up. */
    public boolean ready() {
        return down.isEmpty();
    }
}
