package io.onex.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
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
 * and {@code target/modules}), starting its hosts through the exported embedding API only. Its
 * output (progress, the table and the gate's report) is kept in {@code target/performance-gate.log}
 * and printed to this test's output.
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
        Path log = target.resolve("performance-gate.log");
        Process bench = new ProcessBuilder(command).directory(PERF.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            boolean finished = bench.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
            String output = Files.readString(log);
            System.out.print(output);
            assertThat(finished).as("the quick run finished within %d s", LIMIT_SECONDS).isTrue();
            // 0: every gated ratio within its limit; 1: the gate failed; its report ends the output.
            assertThat(bench.exitValue()).as("exit code of %s; the end of its output:%n%s", String.join(" ", command),
                    output.substring(Math.max(0, output.length() - 6000))).isZero();
        } finally {
            bench.destroyForcibly();
        }
        assertThat(RunResult.read(PERF.resolve("results/latest.json")).metrics()).isNotEmpty();
    }
}
