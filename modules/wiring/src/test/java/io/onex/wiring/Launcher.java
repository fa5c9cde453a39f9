package io.onex.wiring;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the real {@code onex-host} launcher of the repository as a separate process, the way a
 * user does, on the module path of the packaged build. Public, and shipped in this module's test
 * jar, for the chaos suite.
 */
public final class Launcher {

    /** The repository root. */
    public static final Path HOME = Path.of(System.getProperty("onex.home", "../..")).toAbsolutePath().normalize();

    private Launcher() {
    }

    /** The outcome of one run. */
    public record Result(int exitCode, String stdout, String stderr) {
        public List<String> stdoutLines() {
            return stdout.lines().filter(line -> !line.isBlank()).toList();
        }
    }

    /** A started host process. */
    public static final class Running implements AutoCloseable {
        public final Process process;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final Thread outPump;
        private final Thread errPump;

        Running(Process process) {
            this.process = process;
            this.outPump = pump(process.getInputStream(), out);
            this.errPump = pump(process.getErrorStream(), err);
        }

        /** Hands each standard output line to {@code lines} as it arrives instead of keeping it. */
        Running(Process process, Consumer<String> lines) {
            this.process = process;
            this.outPump = Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8), 1 << 16)) {
                    for (String line; (line = reader.readLine()) != null; ) {
                        lines.accept(line);
                    }
                } catch (IOException e) {
                    // The process ended; what was read was handed on.
                }
            });
            this.errPump = pump(process.getErrorStream(), err);
        }

        public String stderrSoFar() {
            synchronized (err) {
                return err.toString(StandardCharsets.UTF_8);
            }
        }

        public String stdoutSoFar() {
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }

        public Result await(Duration limit) throws InterruptedException {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("onex-host did not exit within " + limit + "; stderr:\n" + stderrSoFar());
            }
            outPump.join(5_000);
            errPump.join(5_000);
            return new Result(process.exitValue(), stdoutSoFar(), stderrSoFar());
        }

        /** Returns whether the host process is still running. */
        public boolean alive() {
            return process.isAlive();
        }

        /**
         * Sends SIGTERM (the launcher execs java, so the pid is the JVM's) and waits for the exit;
         * unlike {@code Process.destroy()} this leaves the output pumps running to the end.
         */
        public Result stop(Duration limit) throws IOException, InterruptedException {
            new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
            return await(limit);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }

        private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
            return Thread.ofPlatform().daemon().start(() -> {
                byte[] buffer = new byte[8192];
                try {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        synchronized (sink) {
                            sink.write(buffer, 0, n);
                        }
                    }
                } catch (IOException e) {
                    // The process ended; what was read is kept.
                }
            });
        }
    }

    public static Running start(Map<String, String> env, String... args) throws IOException {
        return new Running(builder(env, args).start());
    }

    /** Starts the launcher, handing each line of its standard output to {@code lines}. */
    public static Running start(Map<String, String> env, Consumer<String> lines, String... args) throws IOException {
        return new Running(builder(env, args).start(), lines);
    }

    private static ProcessBuilder builder(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(HOME.resolve("onex-host").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile());
        builder.environment().put("ONEX_SKIP_BUILD", "1");
        builder.environment().remove("ENVIRONMENT");
        builder.environment().putAll(env);
        return builder;
    }

    /** Runs the launcher with {@code stdin} as standard input and waits for it to exit. */
    public static Result run(String stdin, Map<String, String> env, String... args) throws IOException, InterruptedException {
        try (Running running = start(env, args)) {
            try (OutputStream in = running.process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            return running.await(Duration.ofSeconds(120));
        }
    }

    public static Result run(String... args) throws IOException, InterruptedException {
        return run("", Map.of(), args);
    }

    public static Path write(Path dir, String name, String content) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
