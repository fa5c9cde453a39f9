package io.onex.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster made of local processes: {@code initdb} into a fresh temporary
 * folder, then {@code pg_ctl} on a free loopback port.
 *
 * <p>The cluster listens on {@code 127.0.0.1} only, with password (SCRAM) authentication for TCP
 * and a generated password for its superuser {@code onex}; its Unix socket lives in its own folder,
 * where {@link #sql} connects without a password. It trades durability for speed ({@code fsync} and
 * full page writes are off): it survives a killed server (commits reach the OS before they are
 * acknowledged) but not a crashed machine, which is all a test needs. A shutdown hook stops it
 * and deletes its folder if the test never {@link #close() closes} it; a JVM killed outright leaves
 * the folder and the processes behind, as any process would.
 */
public final class PostgresCluster implements PostgresServer {

    private static final String SUPERUSER = "onex";
    private static final String HOST = "127.0.0.1";
    private static final Duration INITDB_WAIT = Duration.ofSeconds(120);
    private static final Duration SERVER_WAIT = Duration.ofSeconds(60);
    private static final Duration SQL_WAIT = Duration.ofSeconds(60);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(15);
    private static final int PORT_ATTEMPTS = 3;
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final char[] PASSWORD_CHARS =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

    private final Path folder;
    private final Path data;
    private final Path log;
    private final PostgresCommands commands;
    private final String password;
    private final Thread cleanup;
    private final Optional<Path[]> tls;
    private int port;
    private boolean closed;

    private PostgresCluster(Path folder, PostgresCommands commands, String password, Optional<Path[]> tls) {
        this.folder = folder;
        this.tls = tls;
        this.data = folder.resolve("data");
        this.log = folder.resolve("postgres.log");
        this.commands = commands;
        this.password = password;
        this.cleanup = new Thread(this::closeQuietly, "onex-postgres-cleanup");
    }

    /**
     * Makes a new cluster and starts it. The caller owns it and must {@link #close()} it.
     *
     * @throws IllegalStateException when the binaries are missing or the cluster cannot start
     */
    public static PostgresCluster create() {
        return create(Optional.empty());
    }

    /**
     * Makes a new cluster that also accepts TLS ({@code ssl = on}), with {@code certificate} and
     * {@code key} (PEM files, copied into the cluster) as the server's. Plain connections are
     * still accepted. The caller owns it and must {@link #close()} it.
     *
     * @throws IllegalStateException when the binaries are missing or the cluster cannot start
     */
    public static PostgresCluster createWithTls(Path certificate, Path key) {
        return create(Optional.of(new Path[] {certificate, key}));
    }

    private static PostgresCluster create(Optional<Path[]> tls) {
        Path folder;
        try {
            folder = Files.createTempDirectory("onex-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make a folder for a PostgreSQL cluster", e);
        }
        PostgresCluster cluster = null;
        try {
            cluster = new PostgresCluster(folder, PostgresCommands.forFolder(folder), generatePassword(), tls);
            Runtime.getRuntime().addShutdownHook(cluster.cleanup);
            cluster.initialise();
            cluster.firstStart();
            return cluster;
        } catch (IOException | RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            } else {
                deleteFolder(folder);
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("Cannot set up a PostgreSQL cluster in " + folder, io);
            }
            throw (RuntimeException) e;
        }
    }

    private void initialise() throws IOException {
        Path passwordFile = folder.resolve("superuser.pw");
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
        commands.giveToServerUser(passwordFile);
        PostgresCommands.Result initdb = commands.runAsServerUser(INITDB_WAIT, "initdb",
                "--pgdata=" + data, "--username=" + SUPERUSER, "--pwfile=" + passwordFile,
                "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C",
                "--no-sync", "--no-instructions");
        Files.delete(passwordFile);
        if (!initdb.ok()) {
            throw new IllegalStateException("initdb failed (exit " + initdb.exitCode() + "): " + initdb.output());
        }
        Files.writeString(data.resolve("postgresql.conf"), String.join("\n",
                "",
                "# Set by the ONEX testkit: a private cluster for tests, fast rather than durable.",
                "listen_addresses = '" + HOST + "'",
                "unix_socket_directories = '" + folder + "'",
                "fsync = off",
                "full_page_writes = off",
                "shared_buffers = 32MB",
                "max_connections = 100",
                "password_encryption = scram-sha-256",
                ""), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        if (tls.isPresent()) {
            Path certificate = Files.copy(tls.get()[0], data.resolve("server.crt"));
            Path key = Files.copy(tls.get()[1], data.resolve("server.key"));
            // The server refuses a key that others may read.
            Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            commands.giveToServerUser(certificate);
            commands.giveToServerUser(key);
            Files.writeString(data.resolve("postgresql.conf"), "ssl = on\nssl_cert_file = 'server.crt'\n"
                    + "ssl_key_file = 'server.key'\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
    }

    private void firstStart() throws IOException {
        // A free port can be taken by someone else before the server binds it: try a few.
        IllegalStateException last = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            port = freePort();
            Files.writeString(data.resolve("postgresql.conf"), "port = " + port + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
            try {
                start();
                return;
            } catch (IllegalStateException e) {
                last = e;
                if (!serverLog().contains("could not bind")) {
                    throw e;
                }
            }
        }
        throw last;
    }

    @Override
    public synchronized PostgresAddress address() {
        return new PostgresAddress(HOST, port, "postgres", SUPERUSER, password);
    }

    @Override
    public synchronized PostgresAddress createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a test database name must match " + DATABASE_NAME + ", not '" + name + "'");
        }
        sql("postgres", "CREATE DATABASE " + name);
        return address().withDatabase(name);
    }

    @Override
    public synchronized String sql(String database, String sql) {
        ensureOpen();
        PostgresCommands.Result result = commands.runAsClient(SQL_WAIT, "psql", "--no-psqlrc", "--quiet",
                "--no-align", "--tuples-only", "--field-separator=|", "--set=ON_ERROR_STOP=1",
                "--host=" + folder, "--port=" + port, "--username=" + SUPERUSER, "--dbname=" + database,
                "--command=" + sql);
        if (!result.ok()) {
            throw new IllegalStateException("SQL failed in database " + database + " (psql exit " + result.exitCode()
                    + "): " + result.output());
        }
        return result.output();
    }

    @Override
    public synchronized void stop() {
        ensureOpen();
        if (!isRunning()) {
            return;
        }
        PostgresCommands.Result stop = commands.runAsServerUser(SERVER_WAIT.plusSeconds(5), "pg_ctl", "stop",
                "--pgdata=" + data, "--mode=fast", "--wait", "--timeout=" + SERVER_WAIT.toSeconds());
        if (!stop.ok()) {
            // A server that will not stop in time is killed, so the test can go on.
            kill();
        }
    }

    @Override
    public synchronized void start() {
        ensureOpen();
        if (isRunning()) {
            return;
        }
        PostgresCommands.Result start = commands.runAsServerUser(SERVER_WAIT.plusSeconds(5), "pg_ctl", "start",
                "--pgdata=" + data, "--log=" + log, "--wait", "--timeout=" + SERVER_WAIT.toSeconds());
        if (!start.ok()) {
            throw new IllegalStateException("PostgreSQL did not start on port " + port + " within " + SERVER_WAIT
                    + " (pg_ctl exit " + start.exitCode() + "): " + start.output() + "\nserver log:\n" + serverLog());
        }
    }

    @Override
    public synchronized void kill() {
        ensureOpen();
        Optional<ProcessHandle> postmaster = postmaster().filter(ProcessHandle::isAlive);
        if (postmaster.isEmpty()) {
            return;
        }
        List<ProcessHandle> children = postmaster.get().children().toList();
        postmaster.get().destroyForcibly();
        awaitExit(postmaster.get());
        // The server's other processes end by themselves when they see the postmaster gone; any
        // that linger would keep the shared memory busy and stop the next start.
        for (ProcessHandle child : children) {
            if (!awaitExit(child)) {
                child.destroyForcibly();
                awaitExit(child);
            }
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return !closed && postmaster().map(ProcessHandle::isAlive).orElse(false);
    }

    /** Returns whether {@link #close()} has run. */
    synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closeQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or about to: it will find the cluster closed.
        }
    }

    private synchronized void closeQuietly() {
        if (closed) {
            return;
        }
        try {
            if (isRunning()) {
                stop();
            }
        } catch (RuntimeException e) {
            kill();
        } finally {
            closed = true;
            deleteFolder(folder);
        }
    }

    /** Returns the tail of the server's log, for failure messages. */
    String serverLog() {
        try {
            if (!Files.exists(log)) {
                return "(no server log)";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(server log unreadable: " + e.getMessage() + ")";
        }
    }

    private Optional<ProcessHandle> postmaster() {
        Path pidFile = data.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.getFirst().strip()));
        } catch (IOException | NumberFormatException e) {
            // The server is writing the file right now, or removing it: treat as not running.
            return Optional.empty();
        }
    }

    private static boolean awaitExit(ProcessHandle process) {
        try {
            process.onExit().get(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this PostgreSQL cluster is closed");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    private static String generatePassword() {
        SecureRandom random = new SecureRandom();
        char[] password = new char[24];
        for (int i = 0; i < password.length; i++) {
            password[i] = PASSWORD_CHARS[random.nextInt(PASSWORD_CHARS.length)];
        }
        return new String(password);
    }

    private static void deleteFolder(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the PostgreSQL test folder " + folder, e);
        }
    }

    @Override
    public String toString() {
        return "PostgresCluster[" + HOST + ":" + port + ", folder " + folder + "]";
    }
}
