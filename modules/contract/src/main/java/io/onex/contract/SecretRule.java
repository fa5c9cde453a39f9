package io.onex.contract;

import io.onex.host.api.ConfigChecks;
import io.onex.host.api.contract.SecretRef;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * The secret rule: inside handler and bus settings, a key named like a secret (its last
 * {@code _ - .} segment is password, token, key, ..., or it is one of {@link #SECRET_NAMES}) must
 * hold {@code { secret_ref: "..." }},
 * never the value itself. Also reads and checks secret references, which are never interpolated.
 */
final class SecretRule {

    static final List<String> SECRET_WORDS = ConfigChecks.SECRET_WORDS;
    static final List<String> REFERENCE_FORMS = List.of("env:NAME", "file:/absolute/path", "<vault path>#<key>");

    private static final Set<String> WORDS = Set.copyOf(SECRET_WORDS);
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern WHOLE_PLACEHOLDER = Pattern.compile("\\$\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}");
    private static final Pattern NOT_ENV_CHAR = Pattern.compile("[^A-Za-z0-9_]+");

    private SecretRule() {
    }

    /**
     * Whole names that hold a secret though no secret word ends them: Kafka's JAAS configuration
     * carries the SASL password inside its text.
     */
    static final List<String> SECRET_NAMES = List.of("sasl.jaas.config");

    /** Returns whether values under {@code key} must be secret references. */
    static boolean isSecretKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        String[] segments = lower.split("[_.-]");
        return segments.length > 0 && WORDS.contains(segments[segments.length - 1]) || SECRET_NAMES.contains(lower);
    }

    /** Returns whether {@code value} is written as a secret reference, {@code { secret_ref: ... }}. */
    static boolean isReference(Node value) {
        return value instanceof MappingNode mapping && mapping.getValue().stream()
                .anyMatch(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("secret_ref"));
    }

    /** Reads a {@code { secret_ref: ... }} mapping, reporting a malformed one. */
    static Optional<SecretRef> read(LoadContext context, MappingNode value, String label) {
        Problems problems = context.problems();
        Node reference = null;
        for (NodeTuple tuple : value.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("secret_ref")) {
                reference = tuple.getValueNode();
            } else {
                String other = tuple.getKeyNode() instanceof ScalarNode key ? "'" + key.getValue() + "'" : "another key";
                problems.error(tuple.getKeyNode(), "a secret reference holds only 'secret_ref', but " + label
                        + " also has " + other, List.of("secret_ref"),
                        "write " + Values.lastSegment(label) + ": { secret_ref: \"env:NAME\" }");
            }
        }
        if (!(reference instanceof ScalarNode scalar) || !Values.isText(scalar)) {
            problems.error(reference == null ? value : reference, "the secret_ref of " + label + " must be text",
                    REFERENCE_FORMS, "write secret_ref: \"env:NAME\", \"file:/path\" or \"vault/path#key\"");
            return Optional.empty();
        }
        Optional<String> problem = referenceProblem(scalar.getValue());
        if (problem.isPresent()) {
            problems.error(scalar, "the secret_ref of " + label + " is not valid: " + problem.get(), REFERENCE_FORMS,
                    "write env:NAME, file:/absolute/path or <vault path>#<key> (secret references are not"
                            + " interpolated)");
            return Optional.empty();
        }
        return Optional.of(new SecretRef(scalar.getValue()));
    }

    /** Returns what is wrong with a reference text, or empty when it is valid. */
    static Optional<String> referenceProblem(String reference) {
        if (reference.startsWith("env:")) {
            return ENV_NAME.matcher(reference.substring(4)).matches() ? Optional.empty()
                    : Optional.of("env: must be followed by a variable name matching " + ENV_NAME.pattern());
        }
        if (reference.startsWith("file:")) {
            return reference.startsWith("file:/") && reference.length() > "file:/".length() ? Optional.empty()
                    : Optional.of("file: must be followed by an absolute path");
        }
        int hash = reference.indexOf('#');
        if (hash <= 0 || hash == reference.length() - 1 || reference.isBlank()) {
            return Optional.of("a Vault reference is <path>#<key>, with both parts non-empty");
        }
        return Optional.empty();
    }

    /**
     * Reads the value of a secret-named key: a secret reference, or else an error that never
     * repeats the plaintext value.
     *
     * @param envHint a prefix for the variable name suggested in the fix, e.g. the binding name
     */
    static Optional<SecretRef> require(LoadContext context, String key, Node value, String label, String envHint) {
        if (value instanceof MappingNode mapping && isReference(mapping)) {
            return read(context, mapping, label);
        }
        String variable = suggestedVariable(key, value, envHint);
        String found = value instanceof ScalarNode scalar && Values.isText(scalar)
                && Interpolator.hasPlaceholder(scalar.getValue()) ? "a ${...} placeholder" : "a plaintext value";
        if (!(value instanceof ScalarNode)) {
            found = Values.describe(value);
        }
        context.problems().error(value, label + " holds " + found + ", but keys named like a secret ("
                + String.join(", ", SECRET_WORDS) + ") must reference one", REFERENCE_FORMS,
                "write " + key + ": { secret_ref: \"env:" + variable + "\" } and set " + variable
                        + " where the host runs (or use \"file:/path\" or \"vault/path#key\")");
        return Optional.empty();
    }

    private static String suggestedVariable(String key, Node value, String envHint) {
        if (value instanceof ScalarNode scalar) {
            var placeholder = WHOLE_PLACEHOLDER.matcher(scalar.getValue().strip());
            if (placeholder.matches()) {
                return placeholder.group(1);
            }
        }
        String base = envHint.isEmpty() ? key : envHint + "_" + key;
        return NOT_ENV_CHAR.matcher(base).replaceAll("_").toUpperCase(Locale.ROOT);
    }
}
