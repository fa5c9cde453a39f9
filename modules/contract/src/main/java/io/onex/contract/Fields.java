package io.onex.contract;

import io.onex.contract.Interpolator.Text;
import io.onex.host.api.ConfigSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A cursor over one YAML mapping with a fixed set of allowed keys. Readers take fields by key
 * (required or optional, typed); {@link #finish()} then reports every key nobody took as an
 * unknown field, with the closest allowed key as a suggestion. A key with an empty value counts
 * as absent.
 */
final class Fields {

    private final LoadContext context;
    private final MappingNode node;
    private final String where;
    private final List<String> allowed;
    private final Map<String, NodeTuple> byKey = new LinkedHashMap<>();
    private final Set<String> taken = new HashSet<>();

    private Fields(LoadContext context, MappingNode node, String where, List<String> allowed) {
        this.context = context;
        this.node = node;
        this.where = where;
        this.allowed = List.copyOf(allowed);
        for (NodeTuple tuple : node.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key) {
                byKey.putIfAbsent(key.getValue(), tuple);
            }
        }
    }

    /**
     * Returns a cursor over {@code value} if it is a mapping (an empty value counts as an empty
     * mapping); reports a type error otherwise.
     *
     * @param where the mapping's path for messages, e.g. {@code runtime.event_bus}; empty for the top level
     */
    static Optional<Fields> of(LoadContext context, Node value, String where, List<String> allowed) {
        if (value instanceof MappingNode mapping) {
            return Optional.of(new Fields(context, mapping, where, allowed));
        }
        if (Values.isNull(value)) {
            MappingNode empty = new MappingNode(Tag.MAP, true, new ArrayList<>(), FlowStyle.BLOCK, value.getStartMark(),
                    value.getEndMark());
            return Optional.of(new Fields(context, empty, where, allowed));
        }
        context.problems().error(value, (where.isEmpty() ? "the top level" : where) + " must be a mapping, found "
                + Values.describe(value), List.of(), "write it as key: value lines, or as { key: value }");
        return Optional.empty();
    }

    LoadContext context() {
        return context;
    }

    MappingNode node() {
        return node;
    }

    String where() {
        return where;
    }

    /** Returns the message label of {@code key}: its path, e.g. {@code runtime.name}. */
    String label(String key) {
        return where.isEmpty() ? key : where + "." + key;
    }

    /** Returns the key node of {@code key}, if the mapping has it. */
    Optional<Node> keyNode(String key) {
        return Optional.ofNullable(byKey.get(key)).map(NodeTuple::getKeyNode);
    }

    /** Returns the scalar value of {@code key} as written, without taking it; empty when it is not a scalar. */
    Optional<String> keyValue(String key) {
        return Optional.ofNullable(byKey.get(key)).map(NodeTuple::getValueNode)
                .filter(ScalarNode.class::isInstance).map(node -> ((ScalarNode) node).getValue());
    }

    /** Takes the value of {@code key}; empty when the key is absent or its value is empty. */
    Optional<Node> take(String key) {
        NodeTuple tuple = byKey.get(key);
        if (tuple == null) {
            return Optional.empty();
        }
        taken.add(key);
        return Values.isNull(tuple.getValueNode()) ? Optional.empty() : Optional.of(tuple.getValueNode());
    }

    /** Reports {@code key} as missing; {@code example} shows a line that would fix it. */
    void missing(String key, String example) {
        String state = byKey.containsKey(key) ? " has no value" : " is missing";
        context.problems().error(byKey.containsKey(key) ? byKey.get(key).getKeyNode() : node,
                "required field '" + key + "'" + state + (where.isEmpty() ? " at the top level" : " in " + where),
                List.of(), "add " + example);
    }

    Optional<Node> required(String key, String example) {
        Optional<Node> value = take(key);
        if (value.isEmpty()) {
            missing(key, example);
        }
        return value;
    }

    Optional<Text> text(String key) {
        return take(key).flatMap(value -> Values.text(context, value, label(key)));
    }

    Optional<String> string(String key) {
        return text(key).map(Text::value);
    }

    Optional<String> requiredString(String key, String example) {
        return required(key, example).flatMap(value -> Values.text(context, value, label(key))).map(Text::value);
    }

    /**
     * Reads text that must match {@code pattern} (skipped while a placeholder is unresolved).
     *
     * @param rule how to write a valid value, for the fix, e.g. "lowercase letters, digits and '_'"
     */
    Optional<String> matching(String key, Pattern pattern, String rule, String example, boolean isRequired) {
        Optional<Node> value = isRequired ? required(key, key + ": " + example) : take(key);
        Optional<Text> text = value.flatMap(v -> Values.text(context, v, label(key)));
        if (text.isPresent() && text.get().complete() && !pattern.matcher(text.get().value()).matches()) {
            context.problems().error(value.get(), label(key) + " '" + text.get().value() + "' does not match "
                    + pattern.pattern(), List.of(), "use " + rule + ", e.g. " + key + ": " + example);
        }
        return text.map(Text::value);
    }

    /**
     * Reads text that must pass {@code check}, e.g. a URL; unlike {@link #matching}, its messages
     * never echo the value, which may carry a credential.
     */
    Optional<String> checked(String key, ConfigSchema.TextCheck check, String example, boolean isRequired) {
        Optional<Node> value = isRequired ? required(key, key + ": " + example) : take(key);
        Optional<Text> text = value.flatMap(v -> Values.text(context, v, label(key)));
        if (text.isPresent() && text.get().complete()) {
            check.check(text.get().value()).ifPresent(v -> context.problems().error(value.get(),
                    label(key) + " " + v.problem(), v.validChoices(), v.fix()));
        }
        return text.map(Text::value);
    }

    boolean bool(String key, boolean fallback) {
        return take(key).flatMap(value -> Values.bool(context, value, label(key))).orElse(fallback);
    }

    Optional<Boolean> optionalBool(String key) {
        return take(key).flatMap(value -> Values.bool(context, value, label(key)));
    }

    OptionalInt integer(String key, long min, long max) {
        return take(key).flatMap(value -> Values.integer(context, value, label(key), min, max))
                .map(number -> OptionalInt.of(number.intValue())).orElse(OptionalInt.empty());
    }

    int integer(String key, int fallback, long min, long max) {
        return integer(key, min, max).orElse(fallback);
    }

    OptionalDouble number(String key, double min, boolean minExclusive, double max) {
        Optional<Node> value = take(key);
        return value.isEmpty() ? OptionalDouble.empty()
                : Values.number(context, value.get(), label(key), min, minExclusive, max);
    }

    /** Reads one of a closed set of names; reports it missing if {@code example} is given and it is absent. */
    <E> Optional<E> choice(String key, String what, List<String> names, Function<String, Optional<E>> parse,
            Optional<String> requiredExample) {
        Optional<Node> value = requiredExample.isPresent() ? required(key, requiredExample.get()) : take(key);
        return value.flatMap(v -> Values.choice(context, v, label(key), what, names, parse,
                requiredExample.isPresent()));
    }

    /** Returns a cursor over the mapping under {@code key}, if present. */
    Optional<Fields> mapping(String key, List<String> allowedKeys) {
        return take(key).flatMap(value -> of(context, value, label(key), allowedKeys));
    }

    /** Returns the items of the list under {@code key}; empty when absent or not a list (reported). */
    Optional<List<Node>> list(String key, String example) {
        Optional<Node> value = take(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get() instanceof SequenceNode sequence) {
            return Optional.of(sequence.getValue());
        }
        context.problems().error(value.get(), label(key) + " must be a list, found " + Values.describe(value.get()),
                List.of(), "write a list, e.g. " + key + ": " + example);
        return Optional.empty();
    }

    /** Reads a list of text values; empty list when absent. */
    List<String> strings(String key, String example) {
        List<String> result = new ArrayList<>();
        for (Node item : list(key, example).orElse(List.of())) {
            Values.text(context, item, label(key) + " item").map(Text::value).ifPresent(text -> {
                if (text.isBlank()) {
                    context.problems().error(item, label(key) + " holds an empty item", List.of(),
                            "remove the empty item");
                } else {
                    result.add(text);
                }
            });
        }
        return result;
    }

    /** Returns the entries no reader has taken yet. */
    List<NodeTuple> untaken() {
        return node.getValue().stream()
                .filter(t -> !(t.getKeyNode() instanceof ScalarNode key) || !taken.contains(key.getValue()))
                .toList();
    }

    /** Reports every entry no reader took as an unknown field (an error, or a warning when lenient). */
    void finish() {
        for (NodeTuple tuple : untaken()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                continue; // reported by MergeKeys
            }
            String name = key.getValue();
            taken.add(name);
            Optional<String> suggestion = Suggestions.closest(name, allowed);
            String problem = "unknown field '" + name + "'" + (where.isEmpty() ? " at the top level" : " in " + where)
                    + suggestion.map(s -> "; did you mean '" + s + "'?").orElse("")
                    + (context.options().lenient() ? "; it is ignored" : "");
            String fix = suggestion.map(s -> "rename it to '" + s + "'").orElse("remove it")
                    + (context.options().lenient() ? "" : ", or load with --lenient to only warn about unknown fields");
            context.problems().report(context.unknownFieldSeverity(), key, problem, allowed, fix);
        }
    }
}
