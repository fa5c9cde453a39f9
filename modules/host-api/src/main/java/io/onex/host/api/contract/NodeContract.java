package io.onex.host.api.contract;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A loaded and validated node contract: what a node is and which operations it may perform.
 *
 * @param source         the contract file
 * @param schemaVersion  the contract schema version
 * @param name           the node's name
 * @param nodeType       the kind of node
 * @param description    what the node does, possibly empty
 * @param ioOperations   the operations the node may perform, per handler binding
 * @param requiredInputs payload fields every request to the node must carry
 * @param code           whether the node runs code the application registers for it
 *                       ({@code implementation: code}); then requests carry its own operations
 * @param operations     the node's own operations, when it runs code; empty otherwise
 */
public record NodeContract(
        Path source,
        String schemaVersion,
        String name,
        NodeType nodeType,
        String description,
        List<IoOperation> ioOperations,
        List<String> requiredInputs,
        boolean code,
        List<NodeOperation> operations) {

    public NodeContract {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(schemaVersion, "schemaVersion");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(nodeType, "nodeType");
        Objects.requireNonNull(description, "description");
        ioOperations = List.copyOf(ioOperations);
        requiredInputs = List.copyOf(requiredInputs);
        operations = List.copyOf(operations);
    }

    /** Returns the contract of a node that runs no code of its own. */
    public NodeContract(Path source, String schemaVersion, String name, NodeType nodeType, String description,
            List<IoOperation> ioOperations, List<String> requiredInputs) {
        this(source, schemaVersion, name, nodeType, description, ioOperations, requiredInputs, false, List.of());
    }

    /**
     * One operation of a code node, as requests name it: {@code <node name>.<name>}.
     *
     * @param name        the operation's own name, e.g. {@code quote}
     * @param description what it does, possibly empty
     * @param required    payload fields every request of this operation must carry
     */
    public record NodeOperation(String name, String description, List<String> required) {
        public NodeOperation {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            required = List.copyOf(required);
        }
    }

    /**
     * The operations a node may perform through one handler binding.
     *
     * @param handler    the binding name
     * @param operations the allowed operations, e.g. {@code [http.get]}
     * @param targets    an optional allow-list of URL prefixes, tables or secret paths
     */
    public record IoOperation(String handler, List<String> operations, List<String> targets) {
        public IoOperation {
            Objects.requireNonNull(handler, "handler");
            operations = List.copyOf(operations);
            targets = List.copyOf(targets);
        }
    }
}
