package io.onex.secrets.samples;

import java.util.Optional;

/** Stands in for the secrets module's environment reader: the one place allowed to read it. */
public final class SampleEnvironment {

    private SampleEnvironment() {
    }

    public static Optional<String> lookup(String name) {
        return Optional.ofNullable(System.getenv(name));
    }
}
