package io.onex.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed baselines agree with the committed reference run they were taken from. */
class BaselinesFileTest {

    private static final Path PERF = Path.of(System.getProperty("onex.perf.dir", ""));

    private final Baselines baselines = Baselines.read(PERF.resolve("baselines.json"));

    @Test
    void theReferenceRunExists() {
        assertThat(PERF.resolve(baselines.reference())).isRegularFile();
    }

    @Test
    void everyReferenceRatioIsTheRatioTheReferenceRunMeasured() {
        RunResult reference = RunResult.read(PERF.resolve(baselines.reference()));

        for (RatioLimit limit : baselines.ratioLimits()) {
            Metric measured = reference.metric(limit.metric()).orElseThrow(() ->
                    new AssertionError(limit.metric() + " is not in " + baselines.reference()));
            // The file holds value and baseline rounded, so their quotient may differ in the 4th digit.
            assertThat(limit.referenceRatio()).as(limit.metric()).isCloseTo(measured.ratio(), withPercentage(0.1));
            assertThat(limit.direction()).as(limit.metric()).isEqualTo(measured.direction());
        }
    }

    @Test
    void theReferenceRunMeetsEveryFloor() {
        RunResult reference = RunResult.read(PERF.resolve(baselines.reference()));

        for (Floor floor : baselines.floors()) {
            reference.metric(floor.metric()).ifPresent(metric ->
                    assertThat(floor.accepts(metric.value())).as("%s %s", floor.metric(), floor.describe()).isTrue());
        }
    }

    @Test
    void theFloorsAreTheMilestonesTargets() {
        assertThat(baselines.floors()).extracting(Floor::metric).contains("load.memory.host10.heap",
                "load.throughput", "load.latency.local.p99", "load.latency.http.p99", "load.latency.db.p99");
        assertThat(Files.exists(PERF.resolve("results"))).isTrue();
    }
}
