package io.onex.secrets;

import io.onex.contract.ValueResolver;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads environment variables: the one place after start-up that calls {@link System#getenv}.
 * Everything else, the {@link SecretResolver} included, asks an {@code EnvironmentVariables}, so that tests
 * and embedding applications can hand in a fixed one ({@link #of(Map)}).
 */
public final class EnvironmentVariables implements ValueResolver {

    private static final EnvironmentVariables SYSTEM = new EnvironmentVariables(Optional.empty());

    // Empty for the live process environment.
    private final Optional<Map<String, String>> fixed;

    private EnvironmentVariables(Optional<Map<String, String>> fixed) {
        this.fixed = fixed;
    }

    /** Returns the environment of this process, read live on every lookup. */
    public static EnvironmentVariables system() {
        return SYSTEM;
    }

    /** Returns an environment that answers from a copy of {@code variables}, e.g. for tests or embedders. */
    public static EnvironmentVariables of(Map<String, String> variables) {
        return new EnvironmentVariables(Optional.of(Map.copyOf(variables)));
    }

    /** Returns the value of the variable {@code name}, or empty when it is not set. */
    @Override
    public Optional<String> lookup(String name) {
        Objects.requireNonNull(name, "name");
        return fixed.isPresent()
                ? Optional.ofNullable(fixed.get().get(name))
                : Optional.ofNullable(System.getenv(name));
    }

    /** Names the kind of environment, never its variables or values. */
    @Override
    public String toString() {
        return fixed.isPresent() ? "EnvironmentVariables[fixed, " + fixed.get().size() + " variables]" : "EnvironmentVariables[system]";
    }
}
