package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Envelope;
import io.onex.host.core.json.Json;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Failed envelopes in the log of the packaged host, run as a user does ({@code ./onex-host dev
 * ... --stdio}) at the default log level: one {@code warn} line each, naming the failure and the
 * envelope but never its payload or a handler's message, and no more lines than the rate allows,
 * with the rest counted.
 */
class FailedEnvelopeLogIT {

    private static final String QUICKSTART = "examples/quickstart/runtime.yaml";
    /** The contract's defaults: {@code runtime.logging.failed_envelopes_per_second} and its burst. */
    private static final int RATE = 10;
    private static final int BURST = 20;

    private static String envelope(UUID id, UUID correlation, String node, String operation, String payload) {
        return "{\"envelope_id\":\"" + id + "\",\"correlation_id\":\"" + correlation + "\",\"target_node\":\"" + node
                + "\",\"handler_type\":\"local\",\"operation\":\"" + operation + "\",\"payload\":" + payload + "}\n";
    }

    private static List<Map<String, Object>> logLines(String stderr) {
        return stderr.lines().filter(line -> !line.isBlank()).map(Json::readObject).toList();
    }

    private static List<Map<String, Object>> failureLines(List<Map<String, Object>> lines) {
        return lines.stream().filter(line -> "envelope failed".equals(line.get("message"))).toList();
    }

    @Test
    void anUnknownNodeAFailingHandlerAndUnreadableInputEachLeaveOneWarnLineWithoutTheirData() throws Exception {
        UUID lostId = UUID.randomUUID();
        UUID lostCorrelation = UUID.randomUUID();
        UUID failingId = UUID.randomUUID();
        UUID failingCorrelation = UUID.randomUUID();
        String input = envelope(lostId, lostCorrelation, "ghost_node", "local.echo",
                "{\"card\":\"PAYLOAD-MARKER-1\"}")
                + envelope(failingId, failingCorrelation, "fault_drill", "local.error",
                "{\"code\":\"SERVICE_UNAVAILABLE\",\"message\":\"HANDLER-MARKER-2\"}")
                + "{\"target_node\": \"echo\", \"payload\": PAYLOAD-MARKER-3\n";

        Launcher.Result result = Launcher.run(input, Map.of(), "dev", QUICKSTART, "--stdio");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdoutLines()).hasSize(3);
        assertThat(result.stdoutLines().stream().map(CommandLineIT::decode)).noneMatch(Envelope::success);
        List<Map<String, Object>> failures = failureLines(logLines(result.stderr()));
        assertThat(failures).hasSize(3).allSatisfy(line -> assertThat(line.get("level")).isEqualTo("warn"));
        assertThat(failures).filteredOn(line -> lostCorrelation.toString().equals(line.get("correlation_id")))
                .singleElement().satisfies(line -> {
                    assertThat(line).containsEntry("code", "NODE_NOT_FOUND").containsEntry("node", "ghost_node")
                            .containsEntry("operation", "local.echo").containsEntry("envelope_id", lostId.toString());
                    assertThat((String) line.get("reason")).contains("no node 'ghost_node'");
                });
        assertThat(failures).filteredOn(line -> failingCorrelation.toString().equals(line.get("correlation_id")))
                .singleElement().satisfies(line -> {
                    assertThat(line).containsEntry("code", "SERVICE_UNAVAILABLE").containsEntry("node", "fault_drill")
                            .containsEntry("operation", "local.error").containsEntry("binding", "local")
                            .containsEntry("envelope_id", failingId.toString());
                    assertThat(line).as("a handler's message may carry data").doesNotContainKey("reason");
                });
        assertThat(failures).filteredOn(line -> Boolean.TRUE.equals(line.get("unreadable"))).singleElement()
                .satisfies(line -> assertThat(line).containsEntry("code", "ENVELOPE_VALIDATION_ERROR")
                        .doesNotContainKey("reason"));
        assertThat(result.stderr()).doesNotContain("PAYLOAD-MARKER-1", "HANDLER-MARKER-2", "PAYLOAD-MARKER-3");
    }

    @Test
    void aStormOfFailuresWritesABoundedNumberOfLinesAndCountsTheRest() throws Exception {
        int storm = 5_000;
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < storm; i++) {
            input.append(envelope(UUID.randomUUID(), UUID.randomUUID(), "ghost_node", "local.echo", "{\"i\":" + i + "}"));
        }
        long started = System.nanoTime();

        Launcher.Result result = Launcher.run(input.toString(), Map.of(), "dev", QUICKSTART, "--stdio");

        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdoutLines()).hasSize(storm);
        List<Map<String, Object>> lines = logLines(result.stderr());
        int written = failureLines(lines).size();
        long suppressed = lines.stream().filter(line -> line.containsKey("suppressed"))
                .mapToLong(line -> ((Number) line.get("suppressed")).longValue()).sum();
        assertThat(written).as("at most the burst and the rate over the run")
                .isGreaterThanOrEqualTo(BURST).isLessThanOrEqualTo(BURST + (int) Math.ceil(RATE * seconds));
        assertThat(written + suppressed).as("every failure is written or counted").isEqualTo(storm);
        assertThat(lines).filteredOn(line -> line.containsKey("suppressed"))
                .allSatisfy(line -> assertThat(line.get("level")).isEqualTo("warn"));
    }
}
