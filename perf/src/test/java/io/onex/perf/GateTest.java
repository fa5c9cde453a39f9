package io.onex.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateTest {

    private static final Machine MACHINE = new Machine(2, "test JDK", "test OS", 1024);
    private static final String REFERENCE = "results/reference-test.json";

    private static RunResult run(List<Metric> metrics, Map<String, String> skipped) {
        return new RunResult(Instant.parse("2026-01-01T00:00:00Z"), "quick", MACHINE, metrics, skipped);
    }

    private static Metric roundTrip(double... roundRatios) {
        List<Metric> rounds = java.util.Arrays.stream(roundRatios)
                .mapToObj(r -> Metric.of("jmh.host.roundtrip", "ops/s", r * 1_000_000, "bare bus", 1_000_000,
                        Direction.HIGHER_IS_BETTER))
                .toList();
        return Metric.medianOf(rounds);
    }

    private static Baselines roundTripLimit() {
        return new Baselines(REFERENCE, List.of(new RatioLimit("jmh.host.roundtrip", Direction.HIGHER_IS_BETTER, 0.04,
                0.5)), List.of());
    }

    @Test
    void aRatioThatRegressedPastItsToleranceFailsNamingTheMetricRatioLimitAndReference() {
        Gate.Verdict verdict = Gate.check(run(List.of(roundTrip(0.010, 0.012, 0.015)), Map.of()), roundTripLimit());

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.failures()).singleElement().asString()
                .contains("jmh.host.roundtrip")
                .contains("ratio 0.015")
                .contains(">= 0.020")
                .contains("0.500 x reference ratio 0.040")
                .contains(REFERENCE);
        assertThat(verdict.report()).startsWith("performance gate FAILED").contains("FAIL jmh.host.roundtrip");
    }

    @Test
    void oneGoodRoundIsEnoughBecauseTheGateJudgesTheBestRound() {
        Gate.Verdict verdict = Gate.check(run(List.of(roundTrip(0.010, 0.011, 0.035)), Map.of()), roundTripLimit());

        assertThat(verdict.passed()).as(verdict.report()).isTrue();
        assertThat(verdict.passes()).singleElement().asString().contains("ratio 0.035");
    }

    @Test
    void aLowerIsBetterRatioFailsWhenTheOverheadGrowsPastItsTolerance() {
        Metric http = Metric.of("load.latency.http.p50", "ms", 4.0, "direct client", 1.0, Direction.LOWER_IS_BETTER);
        Baselines baselines = new Baselines(REFERENCE, List.of(new RatioLimit("load.latency.http.p50",
                Direction.LOWER_IS_BETTER, 1.2, 3.0)), List.of());

        Gate.Verdict verdict = Gate.check(run(List.of(http), Map.of()), baselines);

        assertThat(verdict.failures()).singleElement().asString().contains("ratio 4.000").contains("<= 3.600");
    }

    @Test
    void aBrokenFloorFailsWithTheMilestonesWording() {
        Metric p99 = Metric.of("load.latency.db.p99", "ms", 63.0, "bare query", 5.0, Direction.LOWER_IS_BETTER);
        Baselines baselines = new Baselines(REFERENCE, List.of(), List.of(new Floor("load.latency.db.p99",
                Direction.LOWER_IS_BETTER, 50, "ms", "handler latency p99 db < 50 ms")));

        Gate.Verdict verdict = Gate.check(run(List.of(p99), Map.of()), baselines);

        assertThat(verdict.failures()).singleElement().asString()
                .isEqualTo("load.latency.db.p99: 63.00 ms must be < 50.0 ms (handler latency p99 db < 50 ms)");
    }

    @Test
    void aThroughputFloorPassesWhenExceeded() {
        Metric throughput = Metric.of("load.throughput", "envelopes/s", 101, "bus", 1000, Direction.HIGHER_IS_BETTER);
        Baselines baselines = new Baselines(REFERENCE, List.of(), List.of(new Floor("load.throughput",
                Direction.HIGHER_IS_BETTER, 100, "envelopes/s", "throughput > 100/s")));

        assertThat(Gate.check(run(List.of(throughput), Map.of()), baselines).passed()).isTrue();
    }

    @Test
    void aSkippedMetricIsReportedAndDoesNotFail() {
        Baselines baselines = new Baselines(REFERENCE, List.of(), List.of(new Floor("load.latency.db.p99",
                Direction.LOWER_IS_BETTER, 50, "ms", "db p99 < 50 ms")));

        Gate.Verdict verdict = Gate.check(run(List.of(), Map.of("load.latency.db", "skipped: no PostgreSQL binaries")),
                baselines);

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.skipped()).containsExactly("load.latency.db.p99: skipped: skipped: no PostgreSQL binaries");
    }

    @Test
    void aGatedMetricThatWasNeitherMeasuredNorSkippedFails() {
        Gate.Verdict verdict = Gate.check(run(List.of(), Map.of()), roundTripLimit());

        assertThat(verdict.failures()).containsExactly("jmh.host.roundtrip: not measured by this run, and not marked skipped");
    }

    @Test
    void aFloorInAnotherUnitThanTheMetricFails() {
        Metric memory = Metric.of("load.memory.host10.heap", "kB", 10, "one node", 5, Direction.LOWER_IS_BETTER);
        Baselines baselines = new Baselines(REFERENCE, List.of(), List.of(new Floor("load.memory.host10.heap",
                Direction.LOWER_IS_BETTER, 200, "MB", "memory < 200 MB")));

        assertThat(Gate.check(run(List.of(memory), Map.of()), baselines).failures()).singleElement().asString()
                .contains("measured in kB but the floor is in MB");
    }
}
