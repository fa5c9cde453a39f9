package io.onex.host.api.contract;

import java.util.Optional;

/** The kinds of node. Written uppercase in contracts, e.g. {@code EFFECT}. */
public enum NodeType {
    /** Performs I/O through handlers. */
    EFFECT,
    /** Pure computation; has no io_operations. */
    COMPUTE,
    /** Folds events into state. */
    REDUCER,
    /** Coordinates other nodes. */
    ORCHESTRATOR;

    /** Returns the constant with this contract name, if there is one. */
    public static Optional<NodeType> fromContractName(String name) {
        for (NodeType value : values()) {
            if (value.name().equals(name)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
