package io.onex.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CI performance gate: runs the quick benchmarks (JMH pairs, the load driver and the Kafka
 * round trip against a real broker, about three minutes), writes {@code perf/results/latest.json}, and fails when a gated ratio regressed past
 * its tolerance against the reference run or a milestone floor is broken.
 */
class PerformanceGateIT {

    private static final Path PERF = Path.of(System.getProperty("onex.perf.dir", ""));

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void theQuickRunStaysWithinTheBaselines() {
        RunResult run = Bench.measure(BenchSettings.quick(), true, true, true, PERF.toAbsolutePath().getParent(),
                line -> System.out.println("  " + line));
        run.write(PERF.resolve("results/latest.json"));
        System.out.print(ResultTable.render(run));

        Gate.Verdict verdict = Gate.check(run, Baselines.read(PERF.resolve("baselines.json")));

        System.out.println(verdict.report());
        assertThat(verdict.passed()).as(verdict.report()).isTrue();
    }
}
