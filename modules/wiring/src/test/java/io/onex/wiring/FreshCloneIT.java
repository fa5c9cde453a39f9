package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A new user's first steps on a fresh clone: {@code git clone} of the repository's committed
 * HEAD, built with a local Maven repository that has never held an {@code io.onex} artifact (a
 * copy of this machine's, without {@code io/onex}, given to Maven with {@code -Dmaven.repo.local}
 * in {@code MAVEN_OPTS}). The README's first commands, {@code make build}, {@code make clean} and
 * the benchmark script behind {@code make bench-quick} must work there ({@code make test} on a
 * fresh clone is what CI itself runs), and a build that failed or was interrupted must never be taken for a finished
 * one by the next call. Nothing here depends on this checkout having been built.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FreshCloneIT {

    private static final Duration BUILD = Duration.ofMinutes(15);
    private static final String ENVELOPE =
            "{\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\",\"payload\":{\"hi\":1}}\n";

    private Path work;
    private Path clone;
    private Path repository;
    private Map<String, String> env;

    @BeforeAll
    void cloneWithAnEmptyOfOnexRepository() throws Exception {
        work = Files.createTempDirectory("onex-fresh-clone-");
        clone = work.resolve("clone");
        repository = work.resolve("m2");
        env = Map.of("MAVEN_OPTS", "-Dmaven.repo.local=" + repository);
        Result cloned = run(work, List.of("git", "clone", "--quiet", Launcher.HOME.toString(), clone.toString()),
                "", Duration.ofMinutes(2));
        assertThat(cloned.exitCode()).as(cloned.stderr()).isZero();
        copyWithoutOnex(Path.of(System.getProperty("onex.mavenRepo",
                System.getProperty("user.home") + "/.m2/repository")), repository);
        assertThat(repository.resolve("io/onex")).doesNotExist();
    }

    @AfterAll
    void removeTheClone() throws IOException {
        if (work != null) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    @Order(1)
    void theReadmesFirstCommandsBuildTheHostAndAnswer() throws Exception {
        Result first = onexHost(ENVELOPE, "dev", "examples/quickstart/runtime.yaml", "--stdio");

        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.stderr()).contains("onex-host: building the host");
        assertThat(first.stdout().lines().toList()).singleElement().satisfies(line ->
                assertThat(line).contains("\"success\":true", "\"payload\":{\"hi\":1}"));
        JsonLines.assertOnlyJsonObjects("standard output", first.stdout());

        Result version = onexHost("", "--version");
        assertThat(version.exitCode()).as(version.stderr()).isZero();
        assertThat(version.stdout()).startsWith("onex-host ");
        assertThat(version.stderr()).as("the finished build is used as it is").doesNotContain("building");
        assertThat(repository.resolve("io/onex")).as("the launcher installs nothing").doesNotExist();
    }

    @Test
    @Order(2)
    void aBrokenSourceFailsClearlyEveryTimeAndTheFixedOneRuns() throws Exception {
        Path main = clone.resolve("modules/wiring/src/main/java/io/onex/wiring/Main.java");
        String original = Files.readString(main);
        Files.writeString(main, "this does not compile;\n", StandardOpenOption.APPEND);
        try {
            for (int attempt = 1; attempt <= 2; attempt++) {
                Result broken = onexHost("", "--version");
                assertThat(broken.exitCode()).as("attempt %d: %s", attempt, broken.stderr()).isEqualTo(1);
                assertThat(broken.stderr()).contains("onex-host: building the host", "onex-host: the build failed");
                assertThat(broken.stdout()).isEmpty();
                assertThat(marker()).doesNotExist();
            }
        } finally {
            Files.writeString(main, original);
        }
        Result fixed = onexHost("", "--version");
        assertThat(fixed.exitCode()).as(fixed.stderr()).isZero();
        assertThat(fixed.stderr()).contains("onex-host: building the host");
        assertThat(marker()).exists();
    }

    @Test
    @Order(3)
    void anInterruptedBuildIsBuiltAgainByTheNextCall() throws Exception {
        Path main = clone.resolve("modules/wiring/src/main/java/io/onex/wiring/Main.java");
        Files.setLastModifiedTime(main, FileTime.fromMillis(System.currentTimeMillis()));
        Process build = builder(List.of("./onex-host", "--version")).start();
        try {
            // The wiring module's build removes the marker first; interrupt it from then on.
            await().atMost(BUILD).pollInterval(Duration.ofMillis(50))
                    .until(() -> !Files.exists(marker()) || !build.isAlive());
            assertThat(build.isAlive()).as("the build was still running when its marker went").isTrue();
        } finally {
            build.descendants().forEach(ProcessHandle::destroyForcibly);
            build.destroyForcibly();
            build.waitFor(1, TimeUnit.MINUTES);
        }
        assertThat(marker()).doesNotExist();

        Result next = onexHost("", "--version");
        assertThat(next.exitCode()).as(next.stderr()).isZero();
        assertThat(next.stderr()).contains("onex-host: building the host");
        assertThat(next.stdout()).startsWith("onex-host ");
    }

    @Test
    @Order(4)
    void makeBuildAndMakeCleanWork() throws Exception {
        Result build = run(clone, List.of("make", "build"), "", BUILD);
        assertThat(build.exitCode()).as(tail(build.stdout() + build.stderr())).isZero();
        assertThat(clone.resolve("modules/wiring/target/onex-wiring-tests.jar")).exists();
        assertThat(clone.resolve("chaos/target")).exists();
        assertThat(marker()).exists();
        assertThat(repository.resolve("io/onex")).as("make build installs nothing").doesNotExist();

        Result clean = run(clone, List.of("make", "clean"), "", Duration.ofMinutes(5));
        assertThat(clean.exitCode()).as(tail(clean.stdout() + clean.stderr())).isZero();
        assertThat(clone.resolve("modules/wiring/target")).doesNotExist();
    }

    /**
     * {@code make bench-quick} is {@code perf/bench.sh --quick --gate}: the same script, on the
     * cleaned clone, builds the harness and starts it; the measurements themselves are skipped
     * here (the suite's performance gate runs them).
     */
    @Test
    @Order(5)
    void theBenchmarkScriptBuildsAndStartsTheHarnessOnACleanClone() throws Exception {
        Path results = work.resolve("bench.json");
        Result bench = run(clone, List.of("perf/bench.sh", "--quick", "--skip-jmh", "--skip-load",
                "--out=" + results), "", BUILD);

        assertThat(bench.exitCode()).as(tail(bench.stdout() + bench.stderr())).isZero();
        assertThat(bench.stdout()).contains("ONEX performance (quick)", "skipped: --skip-jmh");
        assertThat(Files.readString(results)).contains("\"mode\" : \"quick\"");
        assertThat(repository.resolve("io/onex")).as("the benchmark build installs nothing").doesNotExist();
    }

    private Path marker() {
        return clone.resolve("modules/wiring/target/lib.complete");
    }

    private Result onexHost(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("./onex-host"));
        command.addAll(List.of(args));
        return run(clone, command, stdin, BUILD);
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private ProcessBuilder builder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(clone.toFile());
        builder.environment().remove("ONEX_SKIP_BUILD");
        builder.environment().remove("ENVIRONMENT");
        builder.environment().putAll(env);
        return builder;
    }

    private Result run(Path dir, List<String> command, String stdin, Duration limit) throws Exception {
        ProcessBuilder builder = dir.equals(clone) ? builder(command) : new ProcessBuilder(command).directory(dir.toFile());
        Path out = Files.createTempFile(work, "out-", ".txt");
        Path err = Files.createTempFile(work, "err-", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + limit + "; stderr:\n"
                    + tail(Files.readString(err)));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String tail(String text) {
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }

    /** Copies a Maven repository without io/onex: jars as hard links (never rewritten), the rest as copies. */
    private static void copyWithoutOnex(Path from, Path to) throws IOException {
        Path onex = from.resolve("io/onex");
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(onex)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path copy = to.resolve(from.relativize(file).toString());
                if (file.getFileName().toString().endsWith(".jar")) {
                    try {
                        Files.createLink(copy, file);
                        return FileVisitResult.CONTINUE;
                    } catch (IOException | UnsupportedOperationException e) {
                        // Another file system: copy instead.
                    }
                }
                Files.copy(file, copy);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
