package io.onex.perf.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A side of the Kafka round trip as a process: its log, its memory and CPU from /proc, its stop. */
class RelayProcessTest {

    @TempDir
    Path dir;

    @Test
    void memoryAndCpuOfARunningProcessAreReadFromProc() {
        try (RelayProcess process = RelayProcess.start("sleeper", List.of("sh", "-c", "echo ready; exec sleep 30"), dir,
                Map.of(), dir.resolve("log"))) {
            process.awaitLog("ready", Duration.ofSeconds(30));

            assertThat(process.residentMb()).isPositive();
            assertThat(process.peakResidentMb()).isGreaterThanOrEqualTo(process.residentMb());
            assertThat(process.cpuMillis()).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void aProcessThatExitsBeforeItIsReadyIsReportedWithItsLog() {
        try (RelayProcess process = RelayProcess.start("failing side", List.of("sh", "-c", "echo broken contract; exit 3"),
                dir, Map.of(), dir.resolve("log"))) {
            assertThatThrownBy(() -> process.awaitLog("partitions assigned", Duration.ofSeconds(30)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the failing side exited with 3 before saying 'partitions assigned'")
                    .hasMessageContaining("broken contract");
        }
    }

    @Test
    void theCallersJvmOptionsAreNotPassedOn() {
        try (RelayProcess process = RelayProcess.start("printer", List.of("sh", "-c",
                "echo \"opts=[${ONEX_JAVA_OPTS:-none}] set=[$SET]\"; exec sleep 30"), dir, Map.of("SET", "yes"),
                dir.resolve("log"))) {
            process.awaitLog("set=[yes]", Duration.ofSeconds(30));

            assertThat(process.logTail()).contains("opts=[none]");
        }
    }
}
