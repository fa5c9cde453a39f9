package io.onex.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Runs the PostgreSQL programs of one cluster with bounded waits.
 *
 * <p>{@code initdb} and {@code postgres} refuse to run as root. When the JVM is root (as on CI
 * and the development machines) the server programs run as the {@code postgres} OS user through
 * {@code runuser} (or {@code setpriv}), and the cluster's folder is handed to that user; otherwise
 * they run as the JVM's own user. Each command's output goes to a file in the cluster's folder,
 * so a stuck program can never block the JVM on a full pipe.
 */
final class PostgresCommands {

    /** What a finished command returned. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private static final String SERVER_USER = "postgres";
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private final Path binaries;
    private final Path folder;
    private final List<String> asServerUser;
    private final AtomicInteger sequence = new AtomicInteger();

    private PostgresCommands(Path binaries, Path folder, List<String> asServerUser) {
        this.binaries = binaries;
        this.folder = folder;
        this.asServerUser = List.copyOf(asServerUser);
    }

    /**
     * Prepares to run commands for a cluster living in {@code folder}: finds the binaries and,
     * when the JVM is root, gives the folder to the {@code postgres} user.
     */
    static PostgresCommands forFolder(Path folder) throws IOException {
        Path binaries = locateBinaries();
        if (!isRoot(folder)) {
            return new PostgresCommands(binaries, folder, List.of());
        }
        UserPrincipalLookupService lookup = folder.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user;
        GroupPrincipal group;
        try {
            user = lookup.lookupPrincipalByName(SERVER_USER);
            group = lookup.lookupPrincipalByGroupName(SERVER_USER);
        } catch (IOException e) {
            throw new IllegalStateException("The JVM runs as root, and PostgreSQL refuses to run as root, but there"
                    + " is no '" + SERVER_USER + "' OS user to run it as. Install the PostgreSQL server package"
                    + " (it creates that user) or run the tests as another user", e);
        }
        PosixFileAttributeView view = Files.getFileAttributeView(folder, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
        return new PostgresCommands(binaries, folder, switchUserPrefix());
    }

    /** Returns the folder holding initdb, pg_ctl and psql. */
    Path binaries() {
        return binaries;
    }

    /** Hands a file in the cluster's folder to the server's user, when the server runs as another user. */
    void giveToServerUser(Path file) throws IOException {
        if (!asServerUser.isEmpty()) {
            Files.setOwner(file, Files.getOwner(folder));
        }
    }

    /** Runs a server program ({@code initdb}, {@code pg_ctl}) as the user the server runs as. */
    Result runAsServerUser(Duration timeout, String program, String... arguments) {
        List<String> command = new ArrayList<>(asServerUser);
        command.add(binaries.resolve(program).toString());
        command.addAll(Arrays.asList(arguments));
        return run(command, timeout);
    }

    /** Runs a client program ({@code psql}) as the JVM's own user. */
    Result runAsClient(Duration timeout, String program, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(binaries.resolve(program).toString());
        command.addAll(Arrays.asList(arguments));
        return run(command, timeout);
    }

    private Result run(List<String> command, Duration timeout) {
        Path output = folder.resolve("command-" + sequence.incrementAndGet() + ".out");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(folder.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        // Whatever PG* variables the developer's shell has must not redirect the tools elsewhere.
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        builder.environment().put("LC_ALL", "C");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + command.getFirst() + ": " + e.getMessage(), e);
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
                        + "; output: " + read(output));
            }
            return new Result(process.exitValue(), read(output));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + command.getFirst(), e);
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException ignored) {
                // The whole folder is deleted when the cluster closes.
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isRoot(Path folder) throws IOException {
        // The owner of a folder the JVM has just made is the JVM's effective user.
        return Integer.valueOf(0).equals(Files.getAttribute(folder, "unix:uid"));
    }

    private static List<String> switchUserPrefix() {
        for (String runuser : List.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")) {
            if (Files.isExecutable(Path.of(runuser))) {
                return List.of(runuser, "-u", SERVER_USER, "--");
            }
        }
        for (String setpriv : List.of("/usr/bin/setpriv", "/bin/setpriv")) {
            if (Files.isExecutable(Path.of(setpriv))) {
                return List.of(setpriv, "--reuid=" + SERVER_USER, "--regid=" + SERVER_USER, "--init-groups", "--");
            }
        }
        throw new IllegalStateException("The JVM runs as root and PostgreSQL refuses to run as root; neither"
                + " runuser nor setpriv (util-linux) is installed to run it as '" + SERVER_USER + "'");
    }

    /**
     * Finds the PostgreSQL server binaries: the folder named by the {@code onex.postgres.bin}
     * system property or the {@code ONEX_POSTGRES_BIN} environment variable, else PostgreSQL 15's
     * Debian folder, else the newest {@code /usr/lib/postgresql/<version>/bin}.
     */
    static Path locateBinaries() {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getProperty("onex.postgres.bin")).map(Path::of).ifPresent(candidates::add);
        Optional.ofNullable(System.getenv("ONEX_POSTGRES_BIN")).map(Path::of).ifPresent(candidates::add);
        candidates.add(Path.of("/usr/lib/postgresql/15/bin"));
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.map(version -> version.resolve("bin"))
                        .sorted(Comparator.comparing((Path bin) -> bin.getParent().getFileName().toString(),
                                Comparator.comparingInt(PostgresCommands::versionNumber)).reversed())
                        .forEach(candidates::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return candidates.stream()
                .filter(bin -> Stream.of("initdb", "pg_ctl", "postgres", "psql")
                        .allMatch(program -> Files.isExecutable(bin.resolve(program))))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No PostgreSQL server binaries (initdb, pg_ctl, postgres,"
                        + " psql) in any of " + candidates + ". Install them (Debian: apt-get install -y"
                        + " postgresql-15) or point -Donex.postgres.bin / ONEX_POSTGRES_BIN at their folder"));
    }

    private static int versionNumber(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
