package io.onex.contract;

import io.onex.contract.Interpolator.Text;
import io.onex.host.api.ConfigSchema;
import io.onex.host.api.contract.SecretRef;
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
 * Reads a settings mapping ({@code config} of a binding, the bus or the Vault secret source)
 * strictly against a {@link ConfigSchema} of the host API: which keys exist, their kinds,
 * defaults and checks. Reading produces the config map consumers see, defaults filled in; values
 * are {@code String}, {@code Boolean}, {@code Integer}, {@code Long}, {@code Double},
 * {@code Map<String, Object>} or {@link SecretRef}. A text field may also be given as a secret
 * reference.
 */
final class ConfigReader {

    private ConfigReader() {
    }

    /** Returns the keys of {@code schema}, in documentation order. */
    static List<String> keys(ConfigSchema schema) {
        return schema.keys().stream().map(ConfigSchema.Key::name).toList();
    }

    /**
     * Reads {@code schema}'s keys from {@code config} (other keys are left for {@link Fields#finish()}).
     * Untaken keys named like a secret must still hold a secret reference.
     *
     * @param envHint       prefix of the variable name suggested when a secret is written in plaintext
     * @param checkRequired whether to report required keys that are absent
     */
    static Map<String, Object> read(ConfigSchema schema, Fields config, String envHint, boolean checkRequired) {
        LoadContext context = config.context();
        Map<String, Object> values = new LinkedHashMap<>();
        for (ConfigSchema.Key field : schema.keys()) {
            Optional<Node> value = config.take(field.name());
            if (value.isEmpty()) {
                if (field.required() && checkRequired) {
                    config.missing(field.name(), field.name() + ": <value>");
                }
                field.fallback().ifPresent(fallback -> values.put(field.name(), fallback));
                continue;
            }
            String label = config.label(field.name());
            Optional<Object> read = switch (field.kind()) {
                case TEXT -> text(context, value.get(), label, field.check());
                case BOOLEAN -> Values.bool(context, value.get(), label).map(Object.class::cast);
                case INTEGER -> Values.integer(context, value.get(), label, field.min(), field.max())
                        .map(Long::intValue);
                case CHOICE -> Values.choice(context, value.get(), label, field.name(), field.choices(),
                        written -> field.choices().contains(written) ? Optional.of(written) : Optional.empty(), false)
                        .map(Object.class::cast);
                case SECRET -> SecretRule.require(context, field.name(), value.get(), label, envHint)
                        .map(Object.class::cast);
                case TEXT_MAP -> map(context, value.get(), label, envHint, false);
                case SCALAR_MAP -> map(context, value.get(), label, envHint, true);
            };
            read.or(field::fallback).ifPresent(v -> values.put(field.name(), v));
        }
        for (NodeTuple tuple : config.untaken()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && SecretRule.isSecretKey(key.getValue())
                    && !Values.isNull(tuple.getValueNode())) {
                SecretRule.require(context, key.getValue(), tuple.getValueNode(), config.label(key.getValue()), envHint);
            }
        }
        return values;
    }

    private static Optional<Object> text(LoadContext context, Node value, String label,
            Optional<ConfigSchema.TextCheck> check) {
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
}
