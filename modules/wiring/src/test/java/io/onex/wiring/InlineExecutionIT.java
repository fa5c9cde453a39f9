package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Envelope;
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
 * Where the packaged host runs an envelope, over {@code --stdio} on the in-memory bus: a local
 * echo, whose handler never blocks, runs on the thread that delivered it (the debug line
 * "envelope accepted" says {@code inline: true}); an http call runs on a thread of its own, so a
 * slow HTTP server (the testkit's) behind one node does not hold back another node's envelopes
 * queued behind it.
 */
class InlineExecutionIT {

    private static final int ECHOES = 20;

    private final TestHttpServer server = TestHttpServer.start();
    private Path contract;

    @BeforeEach
    void writeContract(@TempDir Path folder) {
        // Long enough that every echo is answered first on a busy machine; no time is asserted.
        server.answer("/slow", HttpReply.delayed(Duration.ofSeconds(3), HttpReply.json(200, "{\"slow\":true}")));
        contract = Launcher.write(folder, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: inline_host
                  version: "1.0.0"
                  environment: dev
                  handlers:
                    - type: local
                    - type: http
                      timeout_ms: 30000
                  nodes_dir: nodes
                  shutdown: { grace_seconds: 30 }
                """);
        HostFixture.writeEchoNode(folder);
        HostFixture.writeNode(folder, "fetch", "http", "http.get");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aLocalEchoRunsInlineWhileASlowHttpCallQueuedBeforeItRunsOnItsOwnThread() throws Exception {
        String slow = HostFixture.httpGet("fetch", server.url("/slow"));
        String echo = "{\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\","
                + "\"payload\":{\"n\":1}}\n";

        Launcher.Result result = HostFixture.runStdio(contract, slow + echo.repeat(ECHOES), Map.of(),
                "--log-level", "debug");

        List<Envelope> responses = HostFixture.envelopes(result);
        assertThat(responses).hasSize(ECHOES + 1).allMatch(Envelope::success);
        // The http call came first on the topic but is answered last: it did not hold the topic.
        assertThat(responses.getLast().sourceNode()).isEqualTo("fetch");
        assertThat(responses.subList(0, ECHOES)).allMatch(response -> "echo".equals(response.sourceNode()));

        List<String> accepted = result.stderr().lines().filter(line -> line.contains("\"envelope accepted\"")).toList();
        assertThat(accepted).hasSize(ECHOES + 1);
        assertThat(accepted.stream().filter(line -> line.contains("\"node\":\"echo\"")))
                .hasSize(ECHOES).allMatch(line -> line.contains("\"inline\":true"));
        assertThat(accepted.stream().filter(line -> line.contains("\"node\":\"fetch\"")))
                .singleElement().matches(line -> line.contains("\"inline\":false"));
    }
}
