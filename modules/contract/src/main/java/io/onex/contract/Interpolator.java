package io.onex.contract;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Replaces {@code ${VAR}} placeholders in contract text with values from a {@link ValueResolver}.
 * {@code $${} stands for a literal {@code ${}. An unset variable is an error, or a warning when
 * only validating, in which case the text is kept as written.
 */
final class Interpolator {

    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final ValueResolver resolver;
    private final boolean validateOnly;
    private final Problems problems;

    Interpolator(ValueResolver resolver, boolean validateOnly, Problems problems) {
        this.resolver = resolver;
        this.validateOnly = validateOnly;
        this.problems = problems;
    }

    /** Returns whether {@code text} holds a placeholder or an escape that needs resolving. */
    static boolean hasPlaceholder(String text) {
        return text.contains("${");
    }

    /**
     * Resolves the placeholders of {@code text}, written at {@code at}.
     *
     * @return the resolved text, or the text as written when a variable could not be resolved
     *         (then {@link Text#complete()} is false)
     */
    Text resolve(Node at, String text) {
        if (!hasPlaceholder(text)) {
            return new Text(text, true);
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean complete = true;
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    problems.error(at, "unterminated placeholder: '${' without a closing '}'", List.of(),
                            "close it as ${NAME}, or write $${ for a literal ${");
                    return new Text(text, false);
                }
                String name = text.substring(i + 2, end).strip();
                Optional<String> value = lookup(at, name);
                complete &= value.isPresent();
                out.append(value.orElse(text.substring(i, end + 1)));
                i = end + 1;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return complete ? new Text(out.toString(), true) : new Text(text, false);
    }

    private Optional<String> lookup(Node at, String name) {
        if (!VARIABLE.matcher(name).matches()) {
            problems.error(at, "'${" + name + "}' is not a valid placeholder", List.of(),
                    "name a variable with letters, digits and '_' (not starting with a digit), e.g. ${KAFKA_BOOTSTRAP_SERVERS}");
            return Optional.empty();
        }
        Optional<String> value = resolver.lookup(name);
        if (value.isEmpty()) {
            if (validateOnly) {
                problems.warning(at, "variable ${" + name + "} is not set; the value is kept as written", List.of(),
                        "set " + name + " in the environment of the host before it runs");
            } else {
                problems.error(at, "variable ${" + name + "} is not set", List.of(),
                        "set " + name + " in the environment of the host, or write the value into the contract"
                                + " (write $${ for a literal ${)");
            }
        }
        return value;
    }

    /**
     * Text read from a contract.
     *
     * @param value    the text with placeholders resolved, or as written if one was not
     * @param complete whether every placeholder was resolved
     */
    record Text(String value, boolean complete) {
    }
}
