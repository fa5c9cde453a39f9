package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Envelope;
import io.onex.host.api.ErrorCode;
import io.onex.testkit.HttpReply;
import io.onex.testkit.TestHttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's {@code limits.queue} in the packaged host over {@code --stdio}: a burst for a node
 * that runs one envelope at a time waits for it instead of being refused, and the
 * {@code ONEX_NODE_<SLUG>_QUEUE} override turns the queue off. The node calls a real HTTP server
 * (the testkit's) that answers slowly, so the burst really overlaps.
 */
class NodeQueueIT {

    private static final int BURST = 30;

    private final TestHttpServer server = TestHttpServer.start();
    private Path contract;

    @BeforeEach
    void writeContract(@TempDir Path folder) {
        server.answer("/slow", HttpReply.delayed(Duration.ofMillis(100), HttpReply.json(200, "{}")));
        contract = Launcher.write(folder, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: queue_host
                  version: "1.0.0"
                  environment: dev
                  handlers:
                    - type: http
                      timeout_ms: 30000
                  nodes:
                    - contract: nodes/serial.yaml
                      limits: { max_concurrent: 1 }
                  shutdown: { grace_seconds: 30 }
                """);
        HostFixture.writeNode(folder, "serial", "http", "http.get");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private List<Envelope> burst(Map<String, String> env) throws Exception {
        String line = HostFixture.httpGet("serial", server.url("/slow"));
        List<Envelope> responses = HostFixture.envelopes(HostFixture.runStdio(contract, line.repeat(BURST), env));
        assertThat(responses).hasSize(BURST);
        return responses;
    }

    @Test
    void aBurstForANodeThatRunsOneAtATimeWaitsAndEveryEnvelopeSucceeds() throws Exception {
        List<Envelope> responses = burst(Map.of());

        assertThat(responses).allMatch(Envelope::success);
        assertThat(server.requests()).hasSize(BURST);
    }

    @Test
    void withTheQueueTurnedOffByTheEnvironmentTheBurstBeyondTheNodesPlaceIsOverloaded() throws Exception {
        List<Envelope> responses = burst(Map.of("ONEX_NODE_SERIAL_QUEUE", "0"));

        assertThat(responses).filteredOn(Envelope::success).hasSizeBetween(1, BURST - 1);
        assertThat(responses).filteredOn(r -> !r.success()).extracting(r -> r.error().code())
                .containsOnly(ErrorCode.OVERLOADED);
        assertThat(server.requests()).hasSize((int) responses.stream().filter(Envelope::success).count());
    }
}
