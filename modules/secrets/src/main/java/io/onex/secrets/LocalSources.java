package io.onex.secrets;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads values from the environment and from files, as {@link Lookup}s that name what they tried. */
final class LocalSources {

    private LocalSources() {
    }

    /** Looks {@code name} up in {@code environment}. */
    static Lookup variable(EnvironmentVariables environment, String name) {
        return environment.lookup(name)
                .<Lookup>map(Lookup.Found::new)
                .orElseGet(() -> new Lookup.Absent("env: " + name + " is not set"));
    }

    /**
     * Reads {@code file} as UTF-8 and drops one trailing line break ({@code \n} or {@code \r\n}),
     * which editors and {@code echo} add and Kubernetes keeps.
     */
    static Lookup file(Path file) {
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8);
            if (value.endsWith("\r\n")) {
                value = value.substring(0, value.length() - 2);
            } else if (value.endsWith("\n")) {
                value = value.substring(0, value.length() - 1);
            }
            return new Lookup.Found(value);
        } catch (NoSuchFileException e) {
            return new Lookup.Absent("file: " + file + " does not exist");
        } catch (CharacterCodingException e) {
            return new Lookup.Absent("file: " + file + " is not valid UTF-8");
        } catch (IOException e) {
            // The exception's message may quote the path only; its class says enough (access denied, a directory).
            return new Lookup.Absent("file: " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }
}
