package io.onex.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceUpdateTest {

    private static RunResult run(String mode, double ratio) {
        return new RunResult(Instant.parse("2027-03-04T10:00:00Z"), mode, new Machine(2, "jdk", "os", 512),
                List.of(Metric.of("jmh.host.roundtrip", "ops/s", ratio * 100, "bus", 100, Direction.HIGHER_IS_BETTER)),
                Map.of());
    }

    private static Path perfDir(Path folder) throws IOException {
        Files.writeString(folder.resolve("baselines.json"), """
                {"reference": "results/reference-old.json",
                 "ratio_limits": [{"metric": "jmh.host.roundtrip", "direction": "higher", "reference_ratio": 0.09,
                                   "tolerance": 0.3, "why": "kept"}],
                 "floors": [{"metric": "load.throughput", "min": 100, "unit": "envelopes/s", "target": "kept"}]}
                """);
        return folder;
    }

    @Test
    void theRunBecomesTheReferenceAndOnlyTheReferenceRatiosChange(@TempDir Path folder) throws IOException {
        Path reference = ReferenceUpdate.apply(run("quick", 0.12), perfDir(folder));

        Baselines baselines = Baselines.read(folder.resolve("baselines.json"));
        assertThat(reference).isEqualTo(folder.resolve("results/reference-2027-03-04.json")).isRegularFile();
        assertThat(baselines.reference()).isEqualTo("results/reference-2027-03-04.json");
        assertThat(baselines.ratioLimits()).containsExactly(new RatioLimit("jmh.host.roundtrip",
                Direction.HIGHER_IS_BETTER, 0.12, 0.3));
        assertThat(baselines.floors()).hasSize(1);
        assertThat(Files.readString(folder.resolve("baselines.json"))).contains("\"why\" : \"kept\"");
    }

    @Test
    void aFullRunCannotBecomeTheReferenceOfTheQuickGate(@TempDir Path folder) throws IOException {
        Path dir = perfDir(folder);

        assertThatThrownBy(() -> ReferenceUpdate.apply(run("full", 0.12), dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quick run");
    }
}
