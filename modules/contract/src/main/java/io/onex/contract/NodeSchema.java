package io.onex.contract;

import static io.onex.contract.SchemaParts.map;

import io.onex.host.api.contract.NodeType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema of node contracts, as {@link NodeContractReader} takes them. Which binding an
 * {@code io_operations} entry names is known only with the runtime contract, so an operation may
 * be any operation of a registered handler type.
 */
final class NodeSchema {

    private final HandlerSchemas handlers;

    NodeSchema(HandlerSchemas handlers) {
        this.handlers = handlers;
    }

    /** Returns the document: {@code head}, then the node contract's mapping and its definitions. */
    Map<String, Object> document(Map<String, Object> head) {
        Map<String, Object> document = new LinkedHashMap<>(head);
        List<String> nodeTypes = Arrays.stream(NodeType.values()).map(Enum::name).toList();
        document.putAll(SchemaObject.of("a node contract", NodeContractReader.NODE_KEYS)
                .requiredKey("schema_version", RuntimeSchema.schemaVersion())
                .requiredKey("name", SchemaParts.matching("The node's name: " + NodeContractReader.NAME_RULE
                        + "; nodes_dir hosts the node under it.", NodeContractReader.NAME))
                .requiredKey("node_type", SchemaParts.choice("EFFECT performs I/O through handlers, COMPUTE is pure"
                        + " computation (no io_operations), REDUCER folds events into state, ORCHESTRATOR coordinates"
                        + " other nodes.", nodeTypes, null))
                .key("description", SchemaParts.text("What the node does.", null))
                .key("version", map("description", "The node contract's own version, for its author; the host does"
                        + " not read it."))
                .key("io_operations", SchemaParts.list("The handler bindings the node uses and the operations it"
                        + " may perform through each; any other operation is refused (OPERATION_NOT_ALLOWED).",
                        ioOperation(), null))
                .key("input_model", SchemaObject.of("input_model", List.of("required"))
                        .key("required", SchemaParts.texts("Payload fields every request must carry."))
                        .build("What a request's payload must hold."))
                .key("implementation", SchemaParts.choice("handlers (the default): requests name a handler"
                        + " operation and the host runs it; code: the application registers the node's code"
                        + " (OnexHost.builder().node(name, ...)) and requests carry the node's own operations.",
                        NodeContractReader.IMPLEMENTATIONS, "handlers"))
                .key("operations", SchemaParts.list("A code node's own operations; requests name them"
                        + " handler_type: node, operation: <name>.<operation>. Only with implementation: code.",
                        nodeOperation(), 1))
                .with("if", map("properties", map("node_type", map("const", NodeType.COMPUTE.name())),
                        "required", List.of("node_type")))
                .with("then", map("properties", map("io_operations", map("maxItems", 0)), "$comment",
                        "a COMPUTE node performs no I/O"))
                .build(null));
        document.put("$defs", SchemaParts.sharedDefinitions());
        return document;
    }

    private static Map<String, Object> nodeOperation() {
        return SchemaObject.of("operations[]", NodeContractReader.OPERATION_KEYS)
                .requiredKey("name", SchemaParts.matching("The operation's name; requests write it after the node's"
                        + " name: pricing.quote.", NodeContractReader.NAME))
                .key("description", SchemaParts.text("What the operation does.", null))
                .key("required", SchemaParts.texts("Payload fields every request of this operation must carry."))
                .build("One operation of a code node.");
    }

    private Map<String, Object> ioOperation() {
        return SchemaObject.of("io_operations[]", NodeContractReader.IO_KEYS)
                .requiredKey("handler", SchemaParts.matching("The name of a handler binding of the runtime contract"
                        + " (a binding's name defaults to its type).", BindingsReader.NAME))
                .requiredKey("operations", SchemaParts.list("The operations the node may perform through the"
                        + " binding; each of the binding's handler type.", map("enum", handlers.operations()), 1))
                .key("targets", SchemaParts.texts("An allow-list for the binding: URL prefixes, tables, secret paths,"
                        + " key prefixes, by handler type; without it, any."))
                .build("One binding the node uses.");
    }
}
