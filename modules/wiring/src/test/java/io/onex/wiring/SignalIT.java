package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SIGTERM and SIGINT stop the host cleanly: drain, shut handlers down once, exit 0. */
class SignalIT {

    private static void stopsCleanlyOn(String signal) throws Exception {
        try (Launcher.Running host = Launcher.start(Map.of(), "dev", "examples/quickstart/runtime.yaml")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> host.stderrSoFar().contains("runtime host started"));
            new ProcessBuilder("kill", "-" + signal, Long.toString(host.process.pid())).start().waitFor();
            // The launcher execs java, so the pid is the JVM's.
            Launcher.Result result = host.await(Duration.ofSeconds(60));
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stderr()).contains("signal received", "runtime host stopped");
            assertThat(result.stderr().split("handler shut down", -1)).hasSize(4);
        }
    }

    @Test
    void sigtermDrainsAndExitsZero() throws Exception {
        stopsCleanlyOn("TERM");
    }

    @Test
    void sigintDrainsAndExitsZero() throws Exception {
        stopsCleanlyOn("INT");
    }
}
