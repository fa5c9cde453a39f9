package io.onex.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CI performance gate: runs the quick benchmarks (JMH pairs, the load driver and the Kafka
 * round trip against a real broker, about three minutes), writes {@code perf/results/latest.json}, and fails when a gated ratio regressed past
 * its tolerance against the reference run or a milestone floor is broken.
 *
 * <p>The harness runs in a JVM of its own exactly as {@code perf/bench.sh --quick --gate} runs it:
 * the module {@code io.onex.perf} on the module path of the packaged module ({@code target/classes}
 * and {@code target/modules}), starting its hosts through the exported embedding API only.
 */
class PerformanceGateIT {

    private static final Path PERF = Path.of(System.getProperty("onex.perf.dir", "")).toAbsolutePath();
    private static final long LIMIT_SECONDS = 9 * 60;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void theQuickRunStaysWithinTheBaselines() throws IOException, InterruptedException {
        Path target = PERF.resolve("target");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-p", target.resolve("classes") + File.pathSeparator + target.resolve("modules"),
                "-cp", target.resolve("lib") + File.separator + "*",
                "-m", "io.onex.perf/" + Bench.class.getName(), "--perf-dir=" + PERF, "--quick", "--gate");
        Process bench = new ProcessBuilder(command).directory(PERF.getParent().toFile()).inheritIO().start();
        try {
            boolean finished = bench.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
            assertThat(finished).as("the quick run finished within %d s", LIMIT_SECONDS).isTrue();
            // 0: every gated ratio within its limit; 1: the gate failed (its report is printed above).
            assertThat(bench.exitValue()).as("exit code of %s (the gate's report is in this test's output)",
                    String.join(" ", command)).isZero();
        } finally {
            bench.destroyForcibly();
        }
        assertThat(RunResult.read(PERF.resolve("results/latest.json")).metrics()).isNotEmpty();
    }
}
