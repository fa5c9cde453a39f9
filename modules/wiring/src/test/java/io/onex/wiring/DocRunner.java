package io.onex.wiring;

import io.onex.host.core.codec.DecodeResult;
import io.onex.host.core.codec.EnvelopeCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the blocks of one Markdown document (docs/DOCS_TESTS.md), in order, in one bash session,
 * the way a reader pastes them into one terminal: {@code export}s and background jobs carry over.
 *
 * <p>The session runs in a scratch copy of the repository: every top-level entry is a link to the
 * repository, except {@code examples/} and {@code k8s/}, which are copied so that address
 * substitutions can reach the contracts. Only the listed substitutions are applied (addresses,
 * ports, credentials, throw-away folders); everything else runs as written. Each block is bounded
 * by a timeout; at the end every process the session started is stopped.
 */
final class DocRunner {

    private static final EnvelopeCodec CODEC = EnvelopeCodec.standard();
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration UNTIL_STOPPED_RUN = Duration.ofSeconds(8);
    private static final Set<String> COPIED = Set.of("examples", "k8s");
    private static final Set<String> LEFT_OUT = Set.of(".git", "target");

    private final String document;
    private final Map<String, String> substitutions = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Duration blockLimit = Duration.ofMinutes(5);
    private boolean asServerUser;
    private Path stubs;

    private DocRunner(String document) {
        this.document = document;
    }

    /** A runner for {@code document}, a path relative to the repository root. */
    static DocRunner of(String document) {
        return new DocRunner(document);
    }

    /** Replaces {@code written} by {@code actual} in every block and in the copied examples and k8s files. */
    DocRunner substitute(String written, String actual) {
        substitutions.put(written, actual);
        return this;
    }

    /** Sets a variable in the session's environment (an address or credential the text says to have). */
    DocRunner env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Bounds each block; a block still running past it fails the document. */
    DocRunner blockLimit(Duration limit) {
        this.blockLimit = limit;
        return this;
    }

    /**
     * Runs the session as the PostgreSQL server's OS user when the test runs as root, for documents
     * that start PostgreSQL themselves (which refuses to run as root).
     */
    DocRunner asServerUserWhenRoot() {
        this.asServerUser = true;
        return this;
    }

    /** Puts the executables of {@code folder} first on the session's PATH (stand-ins for absent tools). */
    DocRunner stubs(Path folder) {
        this.stubs = folder;
        return this;
    }

    /** Runs the blocks of the document found in the repository. */
    void run() throws IOException, InterruptedException {
        run(Files.readString(Launcher.HOME.resolve(document)));
    }

    /**
     * Runs the blocks of {@code markdown} as if it were the document.
     *
     * @throws AssertionError naming the block ({@code document:line}) that failed, and how
     */
    void run(String markdown) throws IOException, InterruptedException {
        List<MarkdownBlocks.Runnable> blocks = MarkdownBlocks.runnable(document, markdown);
        Path workspace = workspace();
        // Throw-away folders of the text move into the session's own folder, out of other runs' way.
        substitutions.putIfAbsent("/tmp/", workspace.resolve("tmp") + "/");
        Path control = Files.createDirectories(workspace.resolve(".doc"));
        Files.createDirectories(workspace.resolve("tmp"));
        boolean switchUser = asServerUser && isRoot(workspace);
        if (switchUser) {
            chownAll(workspace, "postgres");
        }
        Process bash = start(workspace, switchUser);
        try (OutputStream in = bash.getOutputStream()) {
            send(in, "set -o pipefail\ncd " + quote(workspace.toString()) + "\n");
            for (int i = 0; i < blocks.size(); i++) {
                runBlock(in, bash, control, i, blocks.get(i));
            }
            send(in, "kill $(jobs -p) 2>/dev/null; exit 0\n");
        } finally {
            stopAll(bash);
            stopDetached(workspace);
            deleteTree(workspace);
        }
    }

    private void runBlock(OutputStream in, Process bash, Path control, int index, MarkdownBlocks.Runnable block)
            throws IOException, InterruptedException {
        String text = substituted(block.text());
        Path script = control.resolve("block-" + index + ".sh");
        Files.writeString(script, text);
        Path out = control.resolve("out-" + index);
        Path err = control.resolve("err-" + index);
        Path status = control.resolve("status-" + index);
        String redirect = " > " + quote(out.toString()) + " 2> " + quote(err.toString()) + " < /dev/null";
        String body = block.untilStopped()
                // As the reader does: start it, let it run a while, press Ctrl-C. Background jobs of a
                // script ignore SIGINT, so the test sends SIGTERM, which the host handles the same way.
                ? "source " + quote(script.toString()) + redirect + " &\n__onex_pid=$!\n"
                + "sleep " + UNTIL_STOPPED_RUN.toSeconds() + "\n"
                + "kill -0 $__onex_pid || __onex_failed=$((__onex_failed+1))\n"
                + "pkill -TERM -P $__onex_pid; wait $__onex_pid\n"
                : "source " + quote(script.toString()) + redirect + "\n";
        send(in, "__onex_failed=0\ntrap '__onex_failed=$((__onex_failed+1))' ERR\n" + body
                + "__onex_last=$?\ntrap - ERR\n"
                + "echo \"$__onex_failed $__onex_last\" > " + quote(status + ".tmp")
                + " && mv " + quote(status + ".tmp") + " " + quote(status.toString()) + "\n");
        long deadline = System.nanoTime() + blockLimit.toNanos();
        while (!Files.exists(status)) {
            if (!bash.isAlive()) {
                throw failure(block, "the shell ended before the block finished", out, err);
            }
            if (System.nanoTime() > deadline) {
                throw failure(block, "did not finish within " + blockLimit, out, err);
            }
            Thread.sleep(POLL.toMillis());
        }
        String[] outcome = Files.readString(status).strip().split(" ");
        if (!outcome[0].equals("0") || !outcome[1].equals("0")) {
            throw failure(block, "had a failing command (the block's last exit status was " + outcome[1] + ")", out, err);
        }
        checkAnswers(block, out, err);
    }

    private void checkAnswers(MarkdownBlocks.Runnable block, Path out, Path err) throws IOException {
        List<String> seen = new ArrayList<>();
        for (String line : Files.readString(out).lines().toList()) {
            String json = line.strip();
            if (!json.startsWith("{")) {
                continue;
            }
            if (CODEC.decode(json) instanceof DecodeResult.Decoded decoded && decoded.envelope().isResponse()) {
                seen.add(decoded.envelope().success() ? "success" : decoded.envelope().error().code().name());
            }
        }
        List<String> expected = block.answers();
        if (expected == null) {
            if (block.text().contains("--stdio") && seen.isEmpty()) {
                throw failure(block, "a --stdio block answered nothing", out, err);
            }
            if (seen.stream().anyMatch(answer -> !answer.equals("success"))) {
                throw failure(block, "answered " + seen + " but the text states no error (add an answers block)", out, err);
            }
            return;
        }
        List<String> sortedSeen = new ArrayList<>(seen);
        List<String> sortedExpected = new ArrayList<>(expected);
        Collections.sort(sortedSeen);
        Collections.sort(sortedExpected);
        if (!sortedSeen.equals(sortedExpected)) {
            throw failure(block, "answered " + seen + " but the document says answers: " + expected, out, err);
        }
    }

    private AssertionError failure(MarkdownBlocks.Runnable block, String what, Path out, Path err) throws IOException {
        return new AssertionError("the block at " + block.where() + " " + what + ".\n--- block (as run) ---\n"
                + substituted(block.text()) + "--- standard output ---\n" + tail(out) + "\n--- standard error ---\n" + tail(err));
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        String text = Files.readString(file);
        return text.length() <= 6000 ? text : "..." + text.substring(text.length() - 6000);
    }

    private String substituted(String text) {
        String result = text;
        for (Map.Entry<String, String> entry : substitutions.entrySet()) {
            result = result.replace(entry.getKey(), entry.getValue());
        }
        return result;
    }

    private Process start(Path workspace, boolean switchUser) throws IOException {
        List<String> command = new ArrayList<>(List.of("setsid"));
        if (switchUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.addAll(List.of("bash", "--noprofile", "--norc", "-s"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workspace.toFile())
                .redirectOutput(workspace.resolve(".doc/session.out").toFile())
                .redirectError(workspace.resolve(".doc/session.err").toFile());
        Map<String, String> env = builder.environment();
        env.remove("ENVIRONMENT");
        env.put("ONEX_SKIP_BUILD", "1");
        env.put("TMPDIR", workspace.resolve("tmp").toString());
        // What a page writes under ~ (shell completion, tool settings) stays in the session's folder;
        // Maven (scripts/kafka-local fetches with it) keeps the suite's local repository.
        env.put("HOME", workspace.toString());
        String repository = System.getProperty("onex.mavenRepo", System.getProperty("user.home") + "/.m2/repository");
        env.put("MAVEN_OPTS", (env.getOrDefault("MAVEN_OPTS", "") + " -Dmaven.repo.local=" + repository).strip());
        if (stubs != null) {
            env.put("PATH", stubs + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        }
        env.putAll(environment);
        return builder.start();
    }

    private Path workspace() throws IOException {
        Path workspace = Files.createTempDirectory("onex-docs-");
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Stream<Path> entries = Files.list(Launcher.HOME)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (LEFT_OUT.contains(name)) {
                    continue;
                }
                if (COPIED.contains(name)) {
                    copy(entry, workspace.resolve(name));
                } else {
                    Files.createSymbolicLink(workspace.resolve(name), entry);
                }
            }
        }
        return workspace;
    }

    /**
     * Copies {@code from} with the substitutions applied; a build folder ({@code target}, such as the
     * plugin example's, with its jars and Maven repository) is linked instead, so the page runs the
     * build the suite made.
     */
    private void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path source, BasicFileAttributes attributes) throws IOException {
                Path target = to.resolve(from.relativize(source).toString());
                if (source.getFileName().toString().equals("target")) {
                    Files.createSymbolicLink(target, source);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(target);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path source, BasicFileAttributes attributes) throws IOException {
                Path target = to.resolve(from.relativize(source).toString());
                Files.writeString(target, substituted(Files.readString(source)));
                // Scripts (examples/plugin/run.sh) stay executable.
                Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(source));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static boolean isRoot(Path folder) throws IOException {
        return Integer.valueOf(0).equals(Files.getAttribute(folder, "unix:uid"));
    }

    private static void chownAll(Path root, String user) throws IOException {
        UserPrincipal owner = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path path : tree.toList()) {
                Files.setOwner(path, owner);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void send(OutputStream in, String commands) throws IOException {
        in.write(commands.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Stops the session's process group: what the blocks left running goes with it. */
    private static void stopAll(Process bash) throws IOException, InterruptedException {
        bash.waitFor(20, TimeUnit.SECONDS);
        String group = "-" + bash.pid();
        for (String signal : List.of("-TERM", "-KILL")) {
            new ProcessBuilder("kill", signal, "--", group).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
            Thread.sleep(signal.equals("-TERM") ? 2_000 : 0);
        }
        bash.destroyForcibly();
    }

    /**
     * Stops what a page started in a session of its own (pg_ctl's server, a daemon): every process
     * whose command line names the session's folder, which only this session's processes do.
     */
    private static void stopDetached(Path workspace) throws InterruptedException {
        String folder = workspace.toString();
        List<ProcessHandle> detached = ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().map(line -> line.contains(folder)).orElse(false))
                .toList();
        detached.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (ProcessHandle process : detached) {
            while (process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(POLL.toMillis());
            }
            process.destroyForcibly();
        }
    }

    /**
     * Removes the session's folder, as far as it can: a failure's message already holds what the
     * block printed, and a file a dying process still writes must not hide that failure.
     */
    private static void deleteTree(Path root) {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            // What is left is in the temporary folder, which the machine cleans.
        }
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
