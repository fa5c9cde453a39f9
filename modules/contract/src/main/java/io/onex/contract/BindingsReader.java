package io.onex.contract;

import io.onex.contract.Interpolator.Text;
import io.onex.host.api.ConfigSchema;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.HandlerType;
import io.onex.host.api.contract.Environment;
import io.onex.host.api.contract.HandlerBinding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads {@code runtime.handlers}: the handler bindings, each with its policies and its
 * type-specific {@code config} (optionally based on a {@code config_ref} file), read against the
 * schema of the type's registered {@link HandlerFactory}.
 */
final class BindingsReader {

    static final List<String> BINDING_KEYS = List.of("type", "name", "enabled", "required", "timeout_ms",
            "retry_policy", "rate_limit_per_second", "circuit_breaker", "bulkhead", "config_ref", "config");
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");

    private final LoadContext context;
    private final Path contractFile;

    /**
     * What the bindings are, as far as they could be read: every declared name (even of a
     * binding with errors) with its type when known. Node contracts are checked against it
     * without piling follow-up errors onto a broken binding. {@code positions} holds the YAML
     * node of each binding read, by name, for rules that report on a binding later.
     */
    record Result(List<HandlerBinding> bindings, Map<String, Optional<HandlerType>> declared,
            Map<String, Node> positions) {
    }

    BindingsReader(LoadContext context, Path contractFile) {
        this.context = context;
        this.contractFile = contractFile;
    }

    Result read(Fields runtime, Optional<Environment> environment) {
        Node listNode = runtime.keyNode("handlers").orElse(runtime.node());
        Optional<List<Node>> list = runtime.list("handlers", "[{ type: http }]");
        List<Node> items = list.orElse(List.of());
        boolean malformed = list.isEmpty() && runtime.take("handlers").isPresent();
        if (items.isEmpty() && !malformed) {
            context.problems().warning(listNode, "no handler bindings: the nodes of this host can perform no I/O",
                    context.handlers().typeNames(), "add a binding under runtime.handlers, e.g. - type: http");
        }
        List<HandlerBinding> bindings = new ArrayList<>();
        Map<String, Optional<HandlerType>> declared = new LinkedHashMap<>();
        Map<String, Node> firstByName = new LinkedHashMap<>();
        Map<String, Node> positions = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Optional<Fields> fields = Fields.of(context, items.get(i), "runtime.handlers[" + i + "]", BINDING_KEYS);
            if (fields.isEmpty()) {
                continue;
            }
            Fields binding = fields.get();
            Optional<HandlerType> type = binding.choice("type", "handler type", context.handlers().typeNames(),
                    context.handlers()::type, Optional.of("type: http"));
            Node typeNode = binding.keyNode("type").orElse(binding.node());
            if (type.isEmpty()) {
                // A built-in type that this host leaves out (a distribution smaller than the full host).
                binding.keyValue("type").flatMap(written -> context.handlers().leftOut(written)
                        .map(why -> "handler type '" + written + "' is built in, but " + why))
                        .ifPresent(problem -> context.problems().error(typeNode, problem, List.of(), ""));
            }
            Optional<String> explicitName = binding.matching("name", NAME,
                    "lowercase letters, digits, '_' and '-', starting with a letter", "orders_db", false);
            Optional<String> name = explicitName.or(() -> type.map(HandlerType::wireName));
            Node nameNode = binding.keyNode("name").orElse(typeNode);
            if (name.isPresent()) {
                Node first = firstByName.putIfAbsent(name.get(), nameNode);
                if (first != null) {
                    context.problems().error(nameNode, "duplicate handler binding name '" + name.get()
                            + "' (first at line " + Values.line(first) + ")", List.of(),
                            "give each binding its own name, e.g. name: " + name.get() + "_2; a binding's name"
                                    + " defaults to its type");
                } else {
                    declared.put(name.get(), type);
                }
            }
            if (type.isPresent() && isDevOnly(type.get()) && environment.orElse(null) == Environment.PROD) {
                context.problems().error(typeNode, "the " + type.get() + " handler (binding '"
                        + name.orElse(type.get().wireName()) + "') is for development and tests and is not allowed"
                        + " in a prod contract", List.of(), "set environment: dev, or remove the binding; onex-host"
                        + " run refuses the " + type.get() + " handler anyway");
            }
            Optional<HandlerBinding> read = readRest(binding, type, name);
            binding.finish();
            read.ifPresent(bindings::add);
            read.ifPresent(b -> positions.putIfAbsent(b.name(), nameNode));
        }
        return new Result(bindings, declared, positions);
    }

    private boolean isDevOnly(HandlerType type) {
        return context.handlers().factory(type).map(HandlerFactory::devOnly).orElse(false);
    }

    private Optional<HandlerBinding> readRest(Fields binding, Optional<HandlerType> type, Optional<String> name) {
        boolean enabled = binding.bool("enabled", true);
        boolean required = binding.bool("required", true);
        OptionalInt timeout = binding.integer("timeout_ms", 1, Integer.MAX_VALUE);
        var retry = PolicyReader.retry(binding);
        OptionalDouble rate = binding.number("rate_limit_per_second", 0, true, Double.MAX_VALUE);
        var breaker = PolicyReader.circuitBreaker(binding);
        var bulkhead = PolicyReader.bulkhead(binding);
        Optional<Map<String, Object>> config = config(binding, type, name.orElse(""));
        if (type.isEmpty() || name.isEmpty() || config.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> timeoutDuration = timeout.isPresent()
                ? Optional.of(Duration.ofMillis(timeout.getAsInt())) : Optional.empty();
        return Optional.of(new HandlerBinding(type.get(), name.get(), enabled, required, timeoutDuration, retry, rate,
                breaker, bulkhead, config.get()));
    }

    /** Reads {@code config} over {@code config_ref}: keys of the contract's own config win. */
    private Optional<Map<String, Object>> config(Fields binding, Optional<HandlerType> type, String envHint) {
        Optional<Node> inline = binding.take("config");
        Reference reference = configRef(binding);
        if (type.isEmpty() || reference.failed()) {
            // An unknown type or an unreadable config_ref is reported; the config cannot be checked.
            return Optional.empty();
        }
        Optional<MappingNode> referenced = reference.mapping();
        if (inline.isPresent() && !(inline.get() instanceof MappingNode)) {
            context.problems().error(inline.get(), binding.label("config") + " must be a mapping, found "
                    + Values.describe(inline.get()), List.of(), "write it as key: value lines, or as { key: value }");
            return Optional.empty();
        }
        Node at = inline.or(() -> referenced.map(Node.class::cast)).orElse(binding.node());
        List<NodeTuple> tuples = new ArrayList<>(inline.map(n -> ((MappingNode) n).getValue()).orElse(List.of()));
        List<String> inlineKeys = tuples.stream().map(t -> t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "")
                .toList();
        referenced.ifPresent(ref -> ref.getValue().stream()
                .filter(t -> !(t.getKeyNode() instanceof ScalarNode k) || !inlineKeys.contains(k.getValue()))
                .forEach(tuples::add));
        MappingNode merged = new MappingNode(Tag.MAP, true, tuples, FlowStyle.BLOCK, at.getStartMark(), at.getEndMark());
        ConfigSchema schema = context.handlers().factory(type.get()).orElseThrow().configSchema();
        Fields config = Fields.of(context, merged, binding.label("config"), ConfigReader.keys(schema)).orElseThrow();
        // While validating, a config_ref named by an unset variable cannot be read: its keys may be missing.
        Map<String, Object> values = ConfigReader.read(schema, config, envHint, !reference.unresolved());
        config.finish();
        return Optional.of(values);
    }

    /** What {@code config_ref} gave: nothing, a mapping, a reported failure, or an unset variable. */
    private record Reference(Optional<MappingNode> mapping, boolean failed, boolean unresolved) {
        static final Reference NONE = new Reference(Optional.empty(), false, false);
        static final Reference FAILED = new Reference(Optional.empty(), true, false);
        static final Reference UNRESOLVED = new Reference(Optional.empty(), false, true);
    }

    private Reference configRef(Fields binding) {
        Optional<Node> node = binding.take("config_ref");
        if (node.isEmpty()) {
            return Reference.NONE;
        }
        Optional<Text> written = Values.text(context, node.get(), binding.label("config_ref"));
        if (written.isEmpty()) {
            return Reference.FAILED;
        }
        if (!written.get().complete()) {
            return context.options().validateOnly() ? Reference.UNRESOLVED : Reference.FAILED;
        }
        Path file = YamlFiles.resolveBeside(contractFile, written.get().value());
        if (!Files.isRegularFile(file)) {
            context.problems().error(node.get(), "config_ref file '" + written.get().value() + "' not found (looked for "
                    + file + ")", List.of(), "create the file, or correct the path; it is relative to the folder of "
                    + contractFile.getFileName());
            return Reference.FAILED;
        }
        Optional<MappingNode> mapping = YamlFiles.readMapping(context, file, "config_ref file",
                "the keys of the binding's config, e.g. url:");
        return mapping.map(m -> new Reference(Optional.of(m), false, false)).orElse(Reference.FAILED);
    }
}
