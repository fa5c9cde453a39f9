package io.onex.compliance;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A rule over the compiled module descriptors, reported the way an ArchUnit rule is: the rule's
 * sentence, why it holds, and one line per violation.
 *
 * @param description the sentence the rule enforces
 * @param because     why it holds and what to do instead
 * @param violations  the violations of one module, one line each; empty when it complies
 */
record ModuleRule(String description, String because, Function<CompiledModule, List<String>> violations) {

    ModuleRule {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(because, "because");
        Objects.requireNonNull(violations, "violations");
    }

    /** Returns the rule's full text, as it appears in a failure message. */
    String text() {
        return description + ", because " + because;
    }

    /**
     * Checks every module.
     *
     * @throws AssertionError listing every violation, or when there is no module to check (a
     *                        rule that checked nothing proves nothing)
     */
    void check(Collection<CompiledModule> modules) {
        if (modules.isEmpty()) {
            throw new AssertionError("Module rule '" + text() + "' checked no module");
        }
        List<String> found = modules.stream().flatMap(module -> violations.apply(module).stream()).toList();
        if (!found.isEmpty()) {
            throw new AssertionError("Module rule '" + text() + "' was violated (" + found.size() + " times):\n"
                    + String.join("\n", found));
        }
    }
}
