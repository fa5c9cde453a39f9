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

    /** The repository's launcher. */
    public static final Path ONEX_HOST = HOME.resolve("onex-host");

    /** The Redis plugin example's launcher: the host with a third party's handler, used like onex-host. */
    public static final Path PLUGIN = HOME.resolve("examples/plugin/run.sh");

    /** The application example's launcher: the host with the code of its nodes, used like onex-host. */
    public static final Path APP = HOME.resolve("examples/app/run.sh");

    /** How long the plugin example's first build may take: the platform's install and the plugin's build. */
    static final Duration PLUGIN_BUILD = Duration.ofMinutes(25);

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
        return start(ONEX_HOST, env, args);
    }

    /**
     * Starts {@code launcher}, a script that behaves like {@code onex-host} (such as
     * examples/plugin/run.sh), from the repository root, with {@code ONEX_SKIP_BUILD=1} unless
     * {@code env} says otherwise.
     */
    public static Running start(Path launcher, Map<String, String> env, String... args) throws IOException {
        return new Running(builder(launcher, env, args).start());
    }

    /** Starts the launcher, handing each line of its standard output to {@code lines}. */
    public static Running start(Map<String, String> env, Consumer<String> lines, String... args) throws IOException {
        return new Running(builder(ONEX_HOST, env, args).start(), lines);
    }

    private static ProcessBuilder builder(Path launcher, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile());
        builder.environment().put("ONEX_SKIP_BUILD", "1");
        builder.environment().remove("ENVIRONMENT");
        builder.environment().putAll(env);
        return builder;
    }

    /** Runs the launcher with {@code stdin} as standard input and waits for it to exit. */
    public static Result run(String stdin, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(ONEX_HOST, stdin, env, Duration.ofSeconds(120), args);
    }

    /** Runs {@code launcher} (see {@link #start(Path, Map, String...)}) and waits, at most {@code limit}, for it to exit. */
    public static Result run(Path launcher, String stdin, Map<String, String> env, Duration limit, String... args)
            throws IOException, InterruptedException {
        try (Running running = start(launcher, env, args)) {
            try (OutputStream in = running.process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            return running.await(limit);
        }
    }

    /**
     * Builds the plugin example when it needs it ({@code run.sh --version}), seeding its private
     * Maven repository from the suite's; {@code env} may add {@code ONEX_PLUGIN_TESTS=1}.
     */
    static Result buildPlugin(Map<String, String> env) throws IOException, InterruptedException {
        return buildExample(PLUGIN, env);
    }

    /**
     * Builds the example whose launcher is {@code runSh} (such as {@link #APP}) when it needs it,
     * like {@link #buildPlugin}; {@code env} may add {@code ONEX_EXAMPLE_TESTS=1}.
     */
    static Result buildExample(Path runSh, Map<String, String> env) throws IOException, InterruptedException {
        Map<String, String> build = new java.util.HashMap<>(env);
        build.put("ONEX_SKIP_BUILD", "0");
        build.put("MAVEN_OPTS", "-Dmaven.repo.local=" + mavenRepository());
        return run(runSh, "", build, PLUGIN_BUILD, "--version");
    }

    /** The local Maven repository of the build that runs the tests. */
    static String mavenRepository() {
        return System.getProperty("onex.mavenRepo", System.getProperty("user.home") + "/.m2/repository");
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
