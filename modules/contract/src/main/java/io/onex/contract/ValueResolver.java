package io.onex.contract;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Supplies the values of {@code ${VAR}} placeholders in contracts. The loader asks once per
 * placeholder, at load time; nothing reads variables after that.
 */
@FunctionalInterface
public interface ValueResolver {

    /** Returns the value of {@code variable}, or empty when it is not set. */
    Optional<String> lookup(String variable);

    /** Returns a resolver that answers from a fixed map, e.g. for tests or embedded hosts. */
    static ValueResolver of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return variable -> Optional.ofNullable(copy.get(Objects.requireNonNull(variable, "variable")));
    }
}
