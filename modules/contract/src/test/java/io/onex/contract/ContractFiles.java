package io.onex.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small contracts for tests. */
final class ContractFiles {

    /** The head of a valid dev runtime contract, ready for more {@code runtime} keys. */
    static final String HEAD = """
            schema_version: "1.0.0"
            runtime:
              name: test_host
              version: "1.0.0"
              environment: dev
            """;

    private ContractFiles() {
    }

    /** Writes {@code text} to {@code folder/name}, creating parent folders, and returns the path. */
    static Path write(Path folder, String name, String text) {
        try {
            Path file = folder.resolve(name);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
