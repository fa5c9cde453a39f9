package io.onex.contract;

import io.onex.contract.Interpolator.Text;
import io.onex.host.api.HandlerType;
import io.onex.host.api.contract.NodeContract;
import io.onex.host.api.contract.NodeContract.IoOperation;
import io.onex.host.api.contract.NodeContract.NodeOperation;
import io.onex.host.api.contract.NodeType;
import io.onex.host.core.HandlerRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads one node contract file and checks it against the handler bindings of the runtime
 * contract: every {@code io_operations[].handler} must name a binding, and every operation must
 * be one that the binding's handler type supports.
 */
final class NodeContractReader {

    static final List<String> NODE_KEYS = List.of("schema_version", "name", "node_type", "description", "version",
            "io_operations", "input_model", "implementation", "operations");
    static final List<String> OPERATION_KEYS = List.of("name", "description", "required");
    /** The values of {@code implementation}: the host's handlers alone, or code the application registers. */
    static final List<String> IMPLEMENTATIONS = List.of("handlers", "code");
    static final List<String> IO_KEYS = List.of("handler", "operations", "targets");
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    static final String NAME_RULE = "lowercase letters, digits and '_', starting with a letter";

    private static final List<String> NODE_TYPES = Arrays.stream(NodeType.values()).map(Enum::name).toList();

    private final LoadContext context;
    private final Map<String, Optional<HandlerType>> bindings;

    /**
     * A node contract as read, with the node of its {@code name} for messages about it.
     *
     * @param contract the contract
     * @param nameNode where the name is written
     */
    record Loaded(NodeContract contract, Node nameNode) {
    }

    /**
     * @param bindings the binding names of the runtime contract with their types, when known
     */
    NodeContractReader(LoadContext context, Map<String, Optional<HandlerType>> bindings) {
        this.context = context;
        this.bindings = bindings;
    }

    Optional<Loaded> read(Path file) {
        Optional<Fields> root = YamlFiles.readMapping(context, file, "node contract", "schema_version: \"1.0.0\"")
                .flatMap(node -> Fields.of(context, node, "", NODE_KEYS));
        if (root.isEmpty()) {
            return Optional.empty();
        }
        Fields fields = root.get();
        Optional<String> schema = SchemaVersion.read(fields);
        Optional<String> name = fields.matching("name", NAME, NAME_RULE, "user_service_effect", true);
        Optional<NodeType> type = fields.choice("node_type", "node type", NODE_TYPES, NodeType::fromContractName,
                Optional.of("node_type: EFFECT"));
        String description = fields.string("description").orElse("");
        fields.take("version"); // accepted for the node author's bookkeeping; the host does not use it
        List<IoOperation> operations = ioOperations(fields);
        if (type.orElse(null) == NodeType.COMPUTE && !operations.isEmpty()) {
            context.problems().error(fields.keyNode("io_operations").orElse(fields.node()),
                    "node '" + name.orElse("?") + "' is a COMPUTE node, which performs no I/O, but it lists io_operations",
                    List.of(), "remove io_operations, or change node_type to EFFECT");
        }
        List<String> required = fields.mapping("input_model", List.of("required")).map(model -> {
            List<String> names = model.strings("required", "[user_id]");
            model.finish();
            return names;
        }).orElse(List.of());
        boolean code = fields.choice("implementation", "implementation", IMPLEMENTATIONS, Optional::of,
                Optional.empty()).map("code"::equals).orElse(false);
        List<NodeOperation> own = nodeOperations(fields, code, name.orElse("?"));
        fields.finish();
        if (schema.isEmpty() || name.isEmpty() || type.isEmpty()) {
            return Optional.empty();
        }
        Node nameNode = fields.keyNode("name").orElse(fields.node());
        return Optional.of(new Loaded(new NodeContract(file, schema.get(), name.get(), type.get(), description,
                operations, required, code, own), nameNode));
    }

    /** Reads a code node's own operations: required with {@code implementation: code}, refused without. */
    private List<NodeOperation> nodeOperations(Fields fields, boolean code, String node) {
        Optional<Node> key = fields.keyNode("operations");
        List<Node> items = fields.list("operations", "[{ name: quote, required: [sku] }]").orElse(List.of());
        if (!code) {
            key.ifPresent(at -> context.problems().error(at, "node '" + node + "' lists operations of its own, which"
                    + " only a node that runs code has", List.of(), "add implementation: code, or remove operations"));
            return List.of();
        }
        if (items.isEmpty()) {
            context.problems().error(key.orElse(fields.node()), "node '" + node + "' runs code"
                    + " (implementation: code) but declares no operations", List.of(),
                    "add operations: [{ name: quote, required: [sku] }]");
        }
        List<NodeOperation> result = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Optional<Fields> entry = Fields.of(context, items.get(i), "operations[" + i + "]", OPERATION_KEYS);
            if (entry.isEmpty()) {
                continue;
            }
            Fields operation = entry.get();
            Optional<String> opName = operation.matching("name", NAME, NAME_RULE, "quote", true);
            String description = operation.string("description").orElse("");
            List<String> required = operation.strings("required", "[sku, quantity]");
            Node at = operation.keyNode("name").orElse(operation.node());
            operation.finish();
            if (opName.isPresent()) {
                Node first = seen.putIfAbsent(opName.get(), at);
                if (first != null) {
                    context.problems().error(at, "operation '" + opName.get() + "' of node '" + node
                            + "' is declared twice (first at line " + Values.line(first) + ")", List.of(),
                            "declare each operation once");
                }
                result.add(new NodeOperation(opName.get(), description, required));
            }
        }
        return result;
    }

    private List<IoOperation> ioOperations(Fields fields) {
        List<Node> items = fields.list("io_operations", "[{ handler: http, operations: [http.get] }]").orElse(List.of());
        List<IoOperation> result = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Optional<Fields> entry = Fields.of(context, items.get(i), "io_operations[" + i + "]", IO_KEYS);
            if (entry.isEmpty()) {
                continue;
            }
            Fields io = entry.get();
            Optional<Node> handlerNode = io.required("handler", "handler: http");
            Optional<String> handler = handlerNode.flatMap(n -> Values.text(context, n, io.label("handler")))
                    .map(Text::value);
            Optional<HandlerType> bindingType = handler.flatMap(h -> binding(h, handlerNode.orElseThrow()));
            if (handler.isPresent()) {
                Node first = seen.putIfAbsent(handler.get(), handlerNode.orElseThrow());
                if (first != null) {
                    context.problems().error(handlerNode.orElseThrow(), "binding '" + handler.get()
                            + "' is listed twice in io_operations (first at line " + Values.line(first) + ")",
                            List.of(), "list all its operations in one entry: operations: [...]");
                }
            }
            List<String> operations = operations(io, bindingType, handler.orElse("?"));
            List<String> targets = io.strings("targets", "[\"https://api.example.com/users\"]");
            io.finish();
            handler.ifPresent(h -> result.add(new IoOperation(h, operations, targets)));
        }
        return result;
    }

    /** Returns the type of the named binding; reports a name the runtime contract does not bind. */
    private Optional<HandlerType> binding(String name, Node at) {
        if (bindings.containsKey(name)) {
            return bindings.get(name);
        }
        List<String> names = List.copyOf(bindings.keySet());
        context.problems().error(at, "handler '" + name + "' is not a handler binding of the runtime contract"
                + Suggestions.didYouMean(name, names), names, names.isEmpty()
                ? "add a binding to runtime.handlers of the runtime contract, e.g. - type: " + name
                : "use one of the binding names, or add a binding named '" + name + "' to runtime.handlers");
        return Optional.empty();
    }

    private List<String> operations(Fields io, Optional<HandlerType> type, String binding) {
        Optional<Node> value = io.required("operations", "operations: [http.get]");
        if (value.isEmpty()) {
            return List.of();
        }
        List<String> valid = type.map(context.handlers()::operations).orElse(List.of());
        if (!(value.get() instanceof SequenceNode list) || list.getValue().isEmpty()) {
            context.problems().error(value.get(), io.label("operations") + " must be a non-empty list, found "
                    + Values.describe(value.get()), valid, "list the operations the node performs, e.g. operations: ["
                    + (valid.isEmpty() ? "http.get" : valid.get(0)) + "]");
            return List.of();
        }
        List<String> operations = new ArrayList<>();
        for (Node item : list.getValue()) {
            Optional<String> read = Values.text(context, item, io.label("operations") + " item").map(Text::value);
            if (read.isEmpty()) {
                continue;
            }
            String operation = read.get();
            operations.add(operation);
            if (!HandlerRegistry.isWellFormedOperation(operation)) {
                context.problems().error(item, "operation '" + operation + "' is not well formed: operations are"
                        + " dotted lowercase {domain}.{action}", valid, "write it like http.get or db.query");
            } else if (type.isPresent() && !context.handlers().supports(type.get(), operation)) {
                context.problems().error(item, "operation '" + operation + "' is not supported by binding '"
                        + binding + "' (type " + type.get().wireName() + ")" + Suggestions.didYouMean(operation, valid),
                        valid, "use one of the operations of the " + type.get().wireName() + " handler, or a binding"
                                + " of another type");
            }
        }
        return operations;
    }
}
