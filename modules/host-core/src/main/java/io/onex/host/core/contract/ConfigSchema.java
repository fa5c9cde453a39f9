package io.onex.host.core.contract;

import io.onex.host.api.contract.SecretRef;
import io.onex.host.core.contract.Interpolator.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The strict schema of a settings mapping ({@code config} of a binding or of the bus): which
 * keys exist, their types, defaults and checks. Reading produces the config map consumers see,
 * defaults filled in; values are {@code String}, {@code Boolean}, {@code Integer}, {@code Long},
 * {@code Double}, {@code Map<String, Object>} or {@link SecretRef}. A text field may also be
 * given as a secret reference.
 */
final class ConfigSchema {

    /** A check of a text value; returns the problem and its fix, or empty when the text is fine. */
    @FunctionalInterface
    interface TextCheck {
        Optional<RuleViolation> check(String text);
    }

    private enum Kind { TEXT, BOOLEAN, INTEGER, CHOICE, SECRET, TEXT_MAP, SCALAR_MAP }

    private record Field(String key, Kind kind, boolean required, Optional<Object> fallback, long min,
            List<String> choices, Optional<TextCheck> check) {
    }

    private final List<Field> fields;

    private ConfigSchema(List<Field> fields) {
        this.fields = List.copyOf(fields);
    }

    static Builder builder() {
        return new Builder();
    }

    /** Returns the keys of this schema, in documentation order. */
    List<String> keys() {
        return fields.stream().map(Field::key).toList();
    }

    /**
     * Reads this schema's keys from {@code config} (other keys are left for {@link Fields#finish()}).
     * Untaken keys named like a secret must still hold a secret reference.
     *
     * @param envHint       prefix of the variable name suggested when a secret is written in plaintext
     * @param checkRequired whether to report required keys that are absent
     */
    Map<String, Object> read(Fields config, String envHint, boolean checkRequired) {
        LoadContext context = config.context();
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field field : fields) {
            Optional<Node> value = config.take(field.key());
            if (value.isEmpty()) {
                if (field.required() && checkRequired) {
                    config.missing(field.key(), field.key() + ": <value>");
                }
                field.fallback().ifPresent(fallback -> values.put(field.key(), fallback));
                continue;
            }
            String label = config.label(field.key());
            Optional<Object> read = switch (field.kind()) {
                case TEXT -> text(context, value.get(), label, field.check());
                case BOOLEAN -> Values.bool(context, value.get(), label).map(Object.class::cast);
                case INTEGER -> Values.integer(context, value.get(), label, field.min(), Integer.MAX_VALUE)
                        .map(Long::intValue);
                case CHOICE -> Values.choice(context, value.get(), label, field.key(), field.choices(),
                        written -> field.choices().contains(written) ? Optional.of(written) : Optional.empty(), false)
                        .map(Object.class::cast);
                case SECRET -> SecretRule.require(context, field.key(), value.get(), label, envHint)
                        .map(Object.class::cast);
                case TEXT_MAP -> map(context, value.get(), label, envHint, false);
                case SCALAR_MAP -> map(context, value.get(), label, envHint, true);
            };
            read.or(field::fallback).ifPresent(v -> values.put(field.key(), v));
        }
        for (NodeTuple tuple : config.untaken()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && SecretRule.isSecretKey(key.getValue())
                    && !Values.isNull(tuple.getValueNode())) {
                SecretRule.require(context, key.getValue(), tuple.getValueNode(), config.label(key.getValue()), envHint);
            }
        }
        return values;
    }

    private static Optional<Object> text(LoadContext context, Node value, String label, Optional<TextCheck> check) {
        if (value instanceof MappingNode mapping && SecretRule.isReference(mapping)) {
            return SecretRule.read(context, mapping, label).map(Object.class::cast);
        }
        Optional<Text> text = Values.text(context, value, label);
        if (text.isPresent() && text.get().complete() && check.isPresent()) {
            check.get().check(text.get().value()).ifPresent(v -> context.problems().error(value,
                    label + " " + v.problem(), v.validChoices(), v.fix()));
        }
        return text.map(Text::value);
    }

    /** Reads a flat map whose values are text (or, if {@code typed}, any scalar) or secret references. */
    private static Optional<Object> map(LoadContext context, Node value, String label, String envHint,
            boolean typed) {
        if (!(value instanceof MappingNode mapping)) {
            context.problems().error(value, label + " must be a mapping, found " + Values.describe(value), List.of(),
                    "write it as { name: value }");
            return Optional.empty();
        }
        Map<String, Object> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                continue; // reported by MergeKeys
            }
            String entryLabel = label + "." + key.getValue();
            Node entry = tuple.getValueNode();
            Optional<Object> read;
            if (SecretRule.isSecretKey(key.getValue())) {
                read = SecretRule.require(context, key.getValue(), entry, entryLabel, envHint).map(Object.class::cast);
            } else if (entry instanceof MappingNode ref && SecretRule.isReference(ref)) {
                read = SecretRule.read(context, ref, entryLabel).map(Object.class::cast);
            } else if (typed && entry instanceof ScalarNode scalar && !Values.isText(scalar) && !Values.isNull(scalar)) {
                read = scalar(context, scalar, entryLabel);
            } else {
                read = Values.text(context, entry, entryLabel).map(Text::value);
            }
            read.ifPresent(v -> entries.put(key.getValue(), v));
        }
        return Optional.of(entries);
    }

    private static Optional<Object> scalar(LoadContext context, ScalarNode scalar, String label) {
        if (Tag.BOOL.equals(scalar.getTag())) {
            return Values.bool(context, scalar, label).map(Object.class::cast);
        }
        if (Tag.INT.equals(scalar.getTag())) {
            return Values.integer(context, scalar, label, Long.MIN_VALUE, Long.MAX_VALUE)
                    .map(n -> n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE ? (Object) n.intValue() : (Object) n);
        }
        return Values.text(context, scalar, label).map(Text::value);
    }

    /** Builds a schema, one key at a time, in documentation order. */
    static final class Builder {
        private final List<Field> fields = new ArrayList<>();

        private Builder add(String key, Kind kind, boolean required, Object fallback, long min, List<String> choices,
                TextCheck check) {
            // A key named like a secret must be read as one, or the secret rule would have a hole.
            if (SecretRule.isSecretKey(key) && kind != Kind.SECRET) {
                throw new IllegalArgumentException(key + " is named like a secret and must be a SECRET field");
            }
            fields.add(new Field(key, kind, required, Optional.ofNullable(fallback), min, choices,
                    Optional.ofNullable(check)));
            return this;
        }

        Builder text(String key, String fallback) {
            return add(key, Kind.TEXT, false, fallback, 0, List.of(), null);
        }

        Builder requiredText(String key, TextCheck check) {
            return add(key, Kind.TEXT, true, null, 0, List.of(), check);
        }

        Builder checkedText(String key, TextCheck check) {
            return add(key, Kind.TEXT, false, null, 0, List.of(), check);
        }

        Builder bool(String key, boolean fallback) {
            return add(key, Kind.BOOLEAN, false, fallback, 0, List.of(), null);
        }

        /** A whole number of at least {@code min}; {@code fallback} may be null for no default. */
        Builder integer(String key, Integer fallback, long min) {
            return add(key, Kind.INTEGER, false, fallback, min, List.of(), null);
        }

        Builder choice(String key, String fallback, List<String> choices) {
            return add(key, Kind.CHOICE, false, fallback, 0, choices, null);
        }

        Builder secret(String key) {
            return add(key, Kind.SECRET, false, null, 0, List.of(), null);
        }

        Builder textMap(String key) {
            return add(key, Kind.TEXT_MAP, false, null, 0, List.of(), null);
        }

        Builder scalarMap(String key, Map<String, Object> fallback) {
            return add(key, Kind.SCALAR_MAP, false, fallback, 0, List.of(), null);
        }

        ConfigSchema build() {
            return new ConfigSchema(fields);
        }
    }
}
