package io.onex.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One finished run of a command: its exit code and what it wrote. */
record Run(int exitCode, String stdout, String stderr) {

    /** The repository root. */
    static final Path HOME = Path.of(System.getProperty("onex.home", "..")).toAbsolutePath().normalize();

    /**
     * Runs {@code command} in the repository root with {@code stdin} as its standard input, and kills
     * it if it is still running after {@code limit}.
     */
    static Run of(Duration limit, Map<String, String> env, String stdin, String... command) {
        try {
            Path out = Files.createTempFile("onex-image-run", ".out");
            Path err = Files.createTempFile("onex-image-run", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(HOME.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().remove("ENVIRONMENT");
                // Commands run as from a user's shell: under `make test`, an inherited MAKELEVEL
                // would make `make image` print "Leaving directory" after the image's path.
                builder.environment().keySet().removeAll(java.util.Set.of("MAKELEVEL", "MAKEFLAGS", "MFLAGS"));
                builder.environment().putAll(env);
                Process process = builder.start();
                try (var in = process.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
                if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + limit
                            + "; standard error:\n" + Files.readString(err));
                }
                return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The non-blank lines of standard output. */
    List<String> stdoutLines() {
        return stdout.lines().filter(line -> !line.isBlank()).toList();
    }

    /** What to show when an assertion about this run fails. */
    String describe() {
        return "exit " + exitCode + "\n--- stdout:\n" + tail(stdout) + "\n--- stderr:\n" + tail(stderr);
    }

    private static String tail(String text) {
        return text.length() > 4000 ? "..." + text.substring(text.length() - 4000) : text;
    }
}
