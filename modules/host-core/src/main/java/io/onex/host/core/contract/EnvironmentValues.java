package io.onex.host.core.contract;

import java.util.Objects;
import java.util.Optional;

/**
 * Resolves {@code ${VAR}} placeholders from the process environment. It is the only class of
 * host-core that reads environment variables, so that everything else stays testable with a
 * {@link ValueResolver#of(java.util.Map) fixed resolver}.
 */
public final class EnvironmentValues implements ValueResolver {

    private static final EnvironmentValues INSTANCE = new EnvironmentValues();

    private EnvironmentValues() {
    }

    /** Returns the resolver backed by {@link System#getenv(String)}. */
    public static EnvironmentValues create() {
        return INSTANCE;
    }

    @Override
    public Optional<String> lookup(String variable) {
        return Optional.ofNullable(System.getenv(Objects.requireNonNull(variable, "variable")));
    }
}
