package io.onex.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} (Debian package {@code redis-server}) as a local process: its own
 * temporary folder, a free port on {@code 127.0.0.1}, nothing persisted ({@code save ""},
 * {@code appendonly no}), optionally a password ({@code requirepass}, written to its config file,
 * never on a command line). {@link #cli} is an independent client: {@code redis-cli}, from the same
 * package.
 *
 * <p>Every start, stop and command is bounded in time. {@link #stop()} and {@link #start()} stop
 * and start the same server on the same port (data is lost: nothing is saved). A shutdown hook
 * stops it and deletes its folder if the test never {@link #close() closes} it.
 */
public final class RedisServer implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration START_WAIT = Duration.ofSeconds(30);
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);
    private static final Duration CLI_WAIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final int PORT_ATTEMPTS = 3;

    private final Path folder;
    private final Optional<String> password;
    private final Thread cleanup;
    private int port;
    private Process process;
    private boolean closed;

    private RedisServer(Path folder, Optional<String> password) {
        this.folder = folder;
        this.password = password;
        this.cleanup = new Thread(this::closeQuietly, "onex-redis-cleanup");
    }

    /** Starts a server that asks for no password. The caller must {@link #close()} it. */
    public static RedisServer create() {
        return create(Optional.empty());
    }

    /** Starts a server that requires {@code password} (AUTH). The caller must {@link #close()} it. */
    public static RedisServer createWithPassword(String password) {
        return create(Optional.of(password));
    }

    private static RedisServer create(Optional<String> password) {
        Path folder;
        try {
            folder = Files.createTempDirectory("onex-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make a folder for redis-server", e);
        }
        RedisServer server = new RedisServer(folder, password);
        Runtime.getRuntime().addShutdownHook(server.cleanup);
        try {
            server.firstStart();
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("Cannot start redis-server in " + folder, io);
            }
            throw (RuntimeException) e;
        }
    }

    private void firstStart() throws IOException {
        // A free port can be taken by someone else before the server binds it: try a few.
        IllegalStateException last = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
                port = socket.getLocalPort();
            }
            try {
                launch();
                return;
            } catch (IllegalStateException e) {
                last = e;
                if (!log().contains("Address already in use")) {
                    throw e;
                }
            }
        }
        throw last;
    }

    /** Returns the server's URL for a binding's {@code url}: {@code redis://127.0.0.1:PORT}. */
    public synchronized String url() {
        return "redis://" + HOST + ":" + port;
    }

    /** Returns the server's port on {@code 127.0.0.1}. */
    public synchronized int port() {
        return port;
    }

    /** Returns whether the server process is running. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Runs one command through {@code redis-cli} (authenticated when the server has a password)
     * and returns its raw output, stripped: {@code (nil)} is an empty line, an integer its digits.
     *
     * @throws IllegalStateException when redis-cli fails or does not finish in time
     */
    public synchronized String cli(String... command) {
        ensureOpen();
        List<String> line = new ArrayList<>(List.of("redis-cli", "-h", HOST, "-p", Integer.toString(port), "--raw"));
        line.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
        // The password goes in the environment, not on the command line where ps would show it.
        password.ifPresent(value -> builder.environment().put("REDISCLI_AUTH", value));
        try {
            Process cli = builder.start();
            cli.getOutputStream().close();
            if (!cli.waitFor(CLI_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                cli.destroyForcibly();
                throw new IllegalStateException("redis-cli " + String.join(" ", command) + " did not finish within " + CLI_WAIT);
            }
            String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (cli.exitValue() != 0) {
                throw new IllegalStateException("redis-cli " + command[0] + " failed (exit " + cli.exitValue() + "): " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run redis-cli (apt-get install -y redis-server brings it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running redis-cli", e);
        }
    }

    /** Stops the server (all data is lost); {@link #start()} starts it again on the same port. */
    public synchronized void stop() {
        ensureOpen();
        if (process == null) {
            return;
        }
        process.destroy(); // SIGTERM: redis-server exits at once, saving nothing (save "")
        try {
            if (!process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    /** Starts the stopped server again, on the same port. */
    public synchronized void start() {
        ensureOpen();
        if (process == null) {
            launch();
        }
    }

    private void launch() {
        Path config = folder.resolve("redis.conf");
        try {
            List<String> settings = new ArrayList<>(List.of(
                    "# Written by the ONEX testkit: a private server for tests, nothing persisted.",
                    "bind " + HOST, "port " + port, "protected-mode yes", "save \"\"", "appendonly no",
                    "dir " + folder, "logfile " + folder.resolve("redis.log"), "daemonize no"));
            password.ifPresent(value -> settings.add("requirepass " + value));
            Files.write(config, settings, StandardCharsets.UTF_8);
            Files.deleteIfExists(folder.resolve("redis.log"));
            process = new ProcessBuilder("redis-server", config.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start redis-server (install it: apt-get install -y redis-server)", e);
        }
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (!log().contains("Ready to accept connections")) {
            if (!process.isAlive()) {
                process = null;
                throw new IllegalStateException("redis-server exited at start: " + log());
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                process = null;
                throw new IllegalStateException("redis-server was not ready within " + START_WAIT + ": " + log());
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting redis-server", e);
            }
        }
    }

    private String log() {
        try {
            Path log = folder.resolve("redis.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the redis server is closed");
        }
    }

    /** Stops the server and deletes its folder. */
    @Override
    public synchronized void close() {
        closeQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // The JVM is shutting down; the hook runs this anyway.
        }
    }

    private synchronized void closeQuietly() {
        if (closed) {
            return;
        }
        if (process != null) {
            stop();
        }
        closed = true;
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Left in the temporary folder, which the machine cleans.
        }
    }
}
