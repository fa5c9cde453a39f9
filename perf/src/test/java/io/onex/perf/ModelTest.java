package io.onex.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelTest {

    @Test
    void theMedianRoundIsReportedAndEveryRoundsRatioKept() {
        Metric median = Metric.medianOf(List.of(
                Metric.of("m", "ops/s", 30, "b", 100, Direction.HIGHER_IS_BETTER),
                Metric.of("m", "ops/s", 10, "b", 100, Direction.HIGHER_IS_BETTER),
                Metric.of("m", "ops/s", 50, "b", 100, Direction.HIGHER_IS_BETTER)));

        assertThat(median.ratio()).isEqualTo(0.3);
        assertThat(median.roundRatios()).containsExactly(0.3, 0.1, 0.5);
        assertThat(median.bestRatio()).isEqualTo(0.5);
    }

    @Test
    void theBestRoundOfALowerIsBetterMetricIsItsSmallestRatio() {
        Metric median = Metric.medianOf(List.of(
                Metric.of("m", "ms", 3, "b", 1, Direction.LOWER_IS_BETTER),
                Metric.of("m", "ms", 2, "b", 1, Direction.LOWER_IS_BETTER)));

        assertThat(median.bestRatio()).isEqualTo(2.0);
    }

    @Test
    void aToleranceThatWouldTightenTheLimitIsRefused() {
        assertThatThrownBy(() -> new RatioLimit("m", Direction.HIGHER_IS_BETTER, 0.5, 1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not loosen");
        assertThatThrownBy(() -> new RatioLimit("m", Direction.LOWER_IS_BETTER, 2, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not loosen");
    }

    @Test
    void percentilesAreNearestRankInMilliseconds() {
        Samples samples = Samples.withCapacity(100);
        for (int i = 1; i <= 100; i++) {
            samples.add(i * 1_000_000L);
        }

        assertThat(samples.percentileMillis(50)).isEqualTo(50.0);
        assertThat(samples.percentileMillis(99)).isEqualTo(99.0);
        assertThat(samples.percentileMillis(100)).isEqualTo(100.0);
    }

    @Test
    void samplesBeyondTheCapacityAreDropped() {
        Samples samples = Samples.withCapacity(2);
        samples.add(1);
        samples.add(2);
        samples.add(3);

        assertThat(samples.count()).isEqualTo(2);
        samples.clear();
        assertThat(samples.count()).isZero();
    }

    @Test
    void aRunSurvivesItsJsonFile(@TempDir Path folder) {
        RunResult run = new RunResult(Instant.parse("2026-11-27T08:00:00Z"), "quick", new Machine(2, "jdk", "os", 512),
                List.of(Metric.medianOf(List.of(Metric.of("m", "ops/s", 1, "b", 4, Direction.HIGHER_IS_BETTER)))),
                Map.of("load.latency.db", "skipped: no PostgreSQL binaries"));

        run.write(folder.resolve("run.json"));

        assertThat(RunResult.read(folder.resolve("run.json"))).isEqualTo(run);
    }

    @Test
    void aSkippedPrefixCoversTheMetricsUnderIt() {
        RunResult run = new RunResult(Instant.EPOCH, "quick", new Machine(2, "jdk", "os", 512), List.of(),
                Map.of("load.latency.db", "no server"));

        assertThat(run.skipReason("load.latency.db.p99")).contains("no server");
        assertThat(run.skipReason("load.latency.dbx")).isEmpty();
    }
}
