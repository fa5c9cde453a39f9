package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.Envelope;
import io.onex.host.api.ErrorCode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    /** A host started over stdio that is sent one envelope at a time, each answered before the next. */
    private static final class Session implements AutoCloseable {
        private final Launcher.Running running;
        private final OutputStream input;

        Session(Map<String, String> env) throws IOException {
            running = Launcher.start(env, "dev", QUICKSTART, "--stdio");
            input = running.process.getOutputStream();
        }

        private List<String> lines() {
            return running.stdoutSoFar().lines().filter(line -> !line.isBlank()).toList();
        }

        Envelope send(String line) throws IOException {
            int before = lines().size();
            input.write(line.getBytes(StandardCharsets.UTF_8));
            input.flush();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .until(() -> lines().size() > before);
            return CommandLineIT.decode(lines().get(before));
        }

        @Override
        public void close() throws Exception {
            input.close();
            Launcher.Result result = running.await(Duration.ofSeconds(60));
            assertThat(result.exitCode()).as(result.stderr()).isZero();
        }
    }

    private static ErrorCode code(Envelope response) {
        return response.success() ? null : response.error().code();
    }

    @Test
    void theBreakerTripsAtTheThresholdAndClosesByItselfOnceCallsSucceedAgain() throws Exception {
        try (Session host = new Session(Map.of(
                "ONEX_BINDING_LOCAL_CIRCUIT_BREAKER_FAILURE_THRESHOLD", "3",
                // Open long enough that the next envelope surely finds it open on a loaded machine.
                "ONEX_BINDING_LOCAL_CIRCUIT_BREAKER_RESET_TIMEOUT_MS", "5000"))) {
            for (int i = 0; i < 3; i++) {
                assertThat(code(host.send(drill("local.error", "{\"code\":\"SERVICE_UNAVAILABLE\"}"))))
                        .isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
            }
            Envelope refused = host.send(drill("local.echo", "{\"i\":1}"));
            assertThat(code(refused)).isEqualTo(ErrorCode.CIRCUIT_OPEN);
            assertThat(refused.error().message()).contains("binding 'local'", "not called");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> host.send(drill("local.echo", "{\"i\":2}")).success());
        }
    }

    @Test
    void aRetryableErrorIsRetriedWithTheConfiguredBackoffAndAValidationErrorIsNot() throws Exception {
        try (Session host = new Session(Map.of(
                "ONEX_BINDING_LOCAL_RETRY_MAX_RETRIES", "2",
                "ONEX_BINDING_LOCAL_RETRY_BACKOFF_STRATEGY", "fixed",
                "ONEX_BINDING_LOCAL_RETRY_BASE_DELAY_MS", "150",
                "ONEX_BINDING_LOCAL_RETRY_JITTER", "0"))) {
            long start = System.nanoTime();
            assertThat(code(host.send(drill("local.error", "{\"code\":\"CONNECTION_ERROR\"}"))))
                    .isEqualTo(ErrorCode.CONNECTION_ERROR);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("two waits of 150 ms")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
        try (Session host = new Session(Map.of(
                "ONEX_BINDING_LOCAL_RETRY_MAX_RETRIES", "5",
                "ONEX_BINDING_LOCAL_RETRY_BASE_DELAY_MS", "20000"))) {
            long start = System.nanoTime();
            assertThat(code(host.send(drill("local.error", "{\"code\":\"ENVELOPE_VALIDATION_ERROR\"}"))))
                    .isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no retry, so no 20 s wait")
                    .isLessThan(Duration.ofSeconds(15));
        }
    }
}
