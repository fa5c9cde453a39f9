package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.testkit.ConsulAgentServer;
import io.onex.testkit.HttpReply;
import io.onex.testkit.PostgresAddress;
import io.onex.testkit.PostgresFixture;
import io.onex.testkit.TestHttpServer;
import io.onex.testkit.VaultKvServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged host keeps its two streams clean: standard output holds only responses and
 * standard error only JSON log lines, with every handler type bound (local, http, db, vault,
 * consul, against the testkit's real servers) and each one called, so that whatever a library
 * or the JVM prints on first use (Netty's sun.misc.Unsafe and native-access warnings under the
 * db handler, on JDK 25) would show up. And a host that runs out of memory with
 * {@code -XX:+ExitOnOutOfMemoryError} prints the JVM's "Terminating due to ..." on standard
 * error, never inside the response stream, with the JVM options of the Kubernetes manifest.
 */
class OutputStreamsIT {

    private static final String VAULT_TOKEN = "streams-vault-token-7c1e";
    private static final String DATABASE = "output_streams";

    @Test
    void everyLineOfBothStreamsIsJsonWithEveryHandlerTypeBound(@TempDir Path folder) throws Exception {
        try (TestHttpServer api = TestHttpServer.start();
                VaultKvServer vault = VaultKvServer.start(VAULT_TOKEN);
                ConsulAgentServer consul = ConsulAgentServer.start()) {
            PostgresAddress database = PostgresFixture.shared().createDatabase(DATABASE);
            api.answer("/api/ping", HttpReply.json(200, "{\"pong\":true}"));
            vault.put("secret", "app/config", Map.of("feature", "on"));
            Path contract = Launcher.write(folder, "runtime.yaml", RUNTIME);
            Launcher.write(folder, "nodes/echo.yaml", node("echo", "local", "[local.echo]"));
            Launcher.write(folder, "nodes/caller.yaml", node("caller", "api", "[http.get]"));
            Launcher.write(folder, "nodes/store.yaml", node("store", "store_db", "[db.query]"));
            Launcher.write(folder, "nodes/config.yaml", node("config", "vault", "[vault.get_secret]"));
            Launcher.write(folder, "nodes/finder.yaml", node("finder", "consul", "[consul.list_services]"));
            Map<String, String> env = Map.of(
                    "API_BASE", api.url("/api"),
                    "DB_URL", "r2dbc:postgresql://" + database.host() + ":" + database.port() + "/" + DATABASE,
                    "DB_USER", database.user(),
                    "DB_PASSWORD", database.password(),
                    "VAULT_ADDR", vault.address(),
                    "VAULT_TOKEN", VAULT_TOKEN,
                    "CONSUL_ADDR", consul.address());
            List<String> envelopes = List.of(
                    envelope("echo", "local", "local.echo", "{\"hi\":1}"),
                    envelope("caller", "http", "http.get", "{\"url\":\"/ping\"}"),
                    envelope("store", "db", "db.query", "{\"sql\":\"SELECT 1 AS one\",\"parameters\":[]}"),
                    envelope("config", "vault", "vault.get_secret", "{\"path\":\"app/config\"}"),
                    envelope("finder", "consul", "consul.list_services", "{}"),
                    envelope("nobody", "local", "local.echo", "{}"));

            try (Launcher.Running host = Launcher.start(env, "dev", contract.toString(), "--stdio",
                    "--log-level", "debug")) {
                try (OutputStream stdin = host.process.getOutputStream()) {
                    stdin.write(String.join("", envelopes).getBytes(StandardCharsets.UTF_8));
                    stdin.flush();
                    await().atMost(Duration.ofSeconds(90))
                            .until(() -> host.stdoutSoFar().lines().count() >= envelopes.size());
                }
                Launcher.Result result = host.await(Duration.ofSeconds(60));

                assertThat(result.exitCode()).as(result.stderr()).isZero();
                assertThat(result.stdoutLines()).hasSize(envelopes.size());
                assertThat(result.stdoutLines()).filteredOn(line -> line.contains("\"success\":true"))
                        .as("one successful answer from each handler type:%n%s", result.stdout()).hasSize(5);
                assertThat(result.stdout()).contains("\"pong\":true", "\"one\":1", "\"feature\":\"on\"");
                assertThat(result.stderr()).as("the host logged at debug level").isNotBlank();
                JsonLines.assertOnlyJsonObjects("standard output", result.stdout());
                JsonLines.assertOnlyJsonObjects("standard error", result.stderr());
            }
        }
    }

    @Test
    void anOutOfMemoryExitPrintsNothingIntoTheResponseStream(@TempDir Path folder) throws Exception {
        // Lines just under the 4 MiB line limit, parsed and answered several at a time, exhaust a 24 MiB heap.
        String big = "\"" + "x".repeat(1000) + "\"";
        String payload = "{\"big\":[" + String.join(",", Collections.nCopies(3900, big)) + "]}";
        Path input = folder.resolve("input.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            lines.add(envelope("echo", "local", "local.echo", "{\"i\":" + i + "}"));
        }
        for (int i = 0; i < 40; i++) {
            lines.add(envelope("echo", "local", "local.echo", payload));
        }
        Files.writeString(input, String.join("", lines));

        // The JVM options of the Kubernetes manifest, with a tiny heap: a deployment's own options
        // cannot put the JVM's last words back on standard output.
        Matcher manifest = Pattern.compile("name: ONEX_JAVA_OPTS\\s+value: \"([^\"]+)\"")
                .matcher(Files.readString(Launcher.HOME.resolve("k8s/deployment.yaml")));
        assertThat(manifest.find()).as("k8s/deployment.yaml sets ONEX_JAVA_OPTS").isTrue();
        assertThat(manifest.group(1)).contains("-XX:+ExitOnOutOfMemoryError");
        Launcher.Running host = Launcher.start(Map.of("ONEX_JAVA_OPTS", manifest.group(1) + " -Xmx24m"),
                "dev", Launcher.HOME.resolve("examples/quickstart/runtime.yaml").toString(), "--stdio");
        Launcher.Result result;
        try (host) {
            try (OutputStream stdin = host.process.getOutputStream()) {
                Files.copy(input, stdin);
            } catch (IOException e) {
                // The JVM exited while its input was still being written: the out-of-memory exit.
            }
            result = host.await(Duration.ofSeconds(120));
        }

        assertThat(result.exitCode()).as("-XX:+ExitOnOutOfMemoryError exits with 3; stderr:%n%s",
                tail(result.stderr())).isEqualTo(3);
        assertThat(result.stderr()).contains("Terminating due to java.lang.OutOfMemoryError");
        JsonLines.assertOnlyJsonObjects("standard output", result.stdout());
    }

    private static String tail(String text) {
        return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    }

    private static String envelope(String node, String handler, String operation, String payload) {
        return "{\"envelope_id\":\"" + UUID.randomUUID() + "\",\"target_node\":\"" + node + "\",\"handler_type\":\""
                + handler + "\",\"operation\":\"" + operation + "\",\"payload\":" + payload + "}\n";
    }

    private static String node(String name, String binding, String operations) {
        return """
                schema_version: "1.0.0"
                name: %s
                node_type: EFFECT
                description: A node of the output streams test.
                io_operations:
                  - handler: %s
                    operations: %s
                """.formatted(name, binding, operations);
    }

    private static final String RUNTIME = """
            schema_version: "1.0.0"
            runtime:
              name: output_streams
              version: "1.0.0"
              environment: dev
              event_bus: { kind: inmemory }
              handlers:
                - type: local
                - type: http
                  name: api
                  timeout_ms: 5000
                  config: { base_url: "${API_BASE}" }
                - type: db
                  name: store_db
                  timeout_ms: 10000
                  config:
                    url: "${DB_URL}"
                    username: "${DB_USER}"
                    password: { secret_ref: "env:DB_PASSWORD" }
                    pool_size: 1
                    acquire_timeout_ms: 10000 # the whole call's bound: a loaded machine opens connections late
                - type: vault
                  timeout_ms: 10000
                  config:
                    address: "${VAULT_ADDR}"
                    token: { secret_ref: "env:VAULT_TOKEN" }
                - type: consul
                  timeout_ms: 5000
                  config: { address: "${CONSUL_ADDR}" }
              nodes_dir: nodes
              health: { enabled: true, port: 0 }
              shutdown: { grace_seconds: 5 }
            """;
}
