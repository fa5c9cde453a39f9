package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Envelope;
import io.onex.host.api.ErrorCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The resilience guard in the packaged host, on the module path: environment overrides are read
 * at start-up and the guard answers for the handler.
 */
class ResilienceIT {

    private static final String QUICKSTART = "examples/quickstart/runtime.yaml";

    private static String drill(String operation, String payload) {
        return "{\"target_node\":\"fault_drill\",\"handler_type\":\"local\",\"operation\":\"" + operation
                + "\",\"payload\":" + payload + "}\n";
    }

    @Test
    void anInvalidOverrideFailsStartUpNamingTheVariable() throws Exception {
        Launcher.Result result = Launcher.run("", Map.of("ONEX_BINDING_LOCAL_TIMEOUT_MS", "soon"), "dev", QUICKSTART,
                "--stdio");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("ONEX_BINDING_LOCAL_TIMEOUT_MS must be a whole number", "'soon'");
    }

    @Test
    void aNodeRateSetFromTheEnvironmentAnswersTheSurplusRateLimited() throws Exception {
        String input = drill("local.echo", "{\"i\":1}").repeat(5);
        Launcher.Result result = Launcher.run(input, Map.of("ONEX_NODE_FAULT_DRILL_RATE_PER_SECOND", "0.01"), "dev",
                QUICKSTART, "--stdio");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr()).contains("environment overrides applied", "ONEX_NODE_FAULT_DRILL_RATE_PER_SECOND");
        List<Envelope> responses = result.stdoutLines().stream().map(CommandLineIT::decode).toList();
        assertThat(responses).hasSize(5);
        assertThat(responses).filteredOn(Envelope::success).hasSize(1);
        assertThat(responses).filteredOn(r -> !r.success()).extracting(r -> r.error().code())
                .containsOnly(ErrorCode.RATE_LIMITED).hasSize(4);
    }
}
