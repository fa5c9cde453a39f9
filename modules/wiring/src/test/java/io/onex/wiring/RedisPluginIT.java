package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.core.json.Json;
import io.onex.testkit.RedisServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis plugin of examples/plugin, end to end, as a third party builds and runs it:
 * {@code examples/plugin/run.sh} installs the platform into a private Maven repository, builds the
 * plugin against it with the plugin's own unit tests ({@code ONEX_PLUGIN_TESTS=1}: they run
 * against a real redis-server too), and runs the application on the module path. Every call goes
 * through the whole host to a real {@code redis-server} started here, and what Redis holds is read
 * back with {@code redis-cli}, an independent client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisPluginIT {

    private static final Duration RUN = Duration.ofMinutes(2);
    private static final Path RUN_SH = Launcher.PLUGIN;

    @TempDir
    Path dir;

    @BeforeAll
    void buildThePluginWithItsTests() throws Exception {
        Launcher.Result built = Launcher.buildPlugin(Map.of("ONEX_PLUGIN_TESTS", "1"));
        assertThat(built.exitCode()).as("examples/plugin/run.sh --version, building the plugin with its tests:%n%s",
                tail(built.stderr())).isZero();
        assertThat(built.stderr()).contains("running its tests");
        assertThat(Path.of(Launcher.mavenRepository(), "io", "onex")).as("io.onex artifacts go to the private repository only")
                .doesNotExist();
    }

    /**
     * A build step that runs out of time is stopped, says so, and leaves no marker: the next call
     * does not take the half-built module path for a finished one, and a normal call builds again.
     */
    @Test
    void aBuildStepOutOfTimeFailsClearlyAndIsNeverTakenForFinished() throws Exception {
        Launcher.Result stopped = Launcher.buildPlugin(Map.of("ONEX_PLUGIN_TESTS", "1", "ONEX_BUILD_TIMEOUT", "2"));
        assertThat(stopped.exitCode()).isEqualTo(1);
        assertThat(stopped.stderr()).contains("did not finish within 2 s (ONEX_BUILD_TIMEOUT) and was stopped",
                "the plugin's build failed");
        assertThat(Launcher.HOME.resolve("examples/plugin/target/lib.complete")).doesNotExist();

        Launcher.Result skipped = plugin("", "--version");
        assertThat(skipped.exitCode()).isEqualTo(1);
        assertThat(skipped.stderr()).contains("no finished build");

        Launcher.Result rebuilt = Launcher.buildPlugin(Map.of());
        assertThat(rebuilt.exitCode()).as(tail(rebuilt.stderr())).isZero();
        assertThat(rebuilt.stderr()).contains("building the Redis plugin");
        assertThat(rebuilt.stdout()).startsWith("onex-host ");
    }

    @Test
    void versionAnswersLikeOnexHost() throws Exception {
        Launcher.Result plugin = plugin("", "--version");
        Launcher.Result host = Launcher.run("--version");

        assertThat(plugin.exitCode()).isZero();
        assertThat(plugin.stdout()).isEqualTo(host.stdout()).isNotBlank();
    }

    @Test
    void everyOperationAnswersThroughStdioAndRedisHoldsTheResult() throws Exception {
        try (RedisServer redis = RedisServer.create()) {
            Path contract = contract(redis.url(), "");

            Map<String, Answer> first = answers(plugin(stdin(
                    request("s1", "sessions", "redis.set", "{\"key\":\"session:1\",\"value\":\"ada\",\"ttl_seconds\":600}"),
                    request("s2", "sessions", "redis.set", "{\"key\":\"session:2\",\"value\":\"bob\"}"),
                    request("v1", "counters", "redis.incr", "{\"key\":\"views:home\",\"by\":5}")),
                    "dev", contract.toString(), "--stdio"));
            assertThat(first.get("s1").payload()).isEqualTo(Map.of("ok", true));
            assertThat(first.get("s2").payload()).isEqualTo(Map.of("ok", true));
            assertThat(number(first.get("v1"), "value")).isEqualTo(5);
            assertThat(redis.cli("GET", "session:1")).isEqualTo("ada");
            assertThat(Long.parseLong(redis.cli("TTL", "session:1"))).isBetween(1L, 600L);
            assertThat(redis.cli("GET", "views:home")).isEqualTo("5");

            Map<String, Answer> second = answers(plugin(stdin(
                    request("g1", "sessions", "redis.get", "{\"key\":\"session:1\"}"),
                    request("g2", "sessions", "redis.get", "{\"key\":\"session:absent\"}"),
                    request("d1", "sessions", "redis.del", "{\"key\":\"session:2\"}"),
                    request("v2", "counters", "redis.incr", "{\"key\":\"views:home\"}"),
                    request("x1", "sessions", "redis.get", "{\"key\":\"views:home\"}"),
                    request("x2", "counters", "redis.del", "{\"key\":\"views:home\"}"),
                    request("p1", "sessions", "redis.set", "{\"key\":\"session:3\"}")),
                    "dev", contract.toString(), "--stdio"));
            assertThat(second.get("g1").payload()).isEqualTo(Map.of("value", "ada"));
            assertThat(second.get("g2").payload()).containsEntry("value", null);
            assertThat(number(second.get("d1"), "deleted")).isEqualTo(1);
            assertThat(number(second.get("v2"), "value")).isEqualTo(6);
            // Outside the node's key prefixes; and an operation the node's contract does not list.
            assertThat(second.get("x1").code()).isEqualTo("OPERATION_NOT_ALLOWED");
            assertThat(second.get("x1").message()).contains("session:");
            assertThat(second.get("x2").code()).isEqualTo("OPERATION_NOT_ALLOWED");
            assertThat(second.get("p1").code()).isEqualTo("ENVELOPE_VALIDATION_ERROR");
            assertThat(second.get("p1").message()).contains("payload.value is required");
            assertThat(redis.cli("EXISTS", "session:2")).isEqualTo("0");
            assertThat(redis.cli("GET", "views:home")).isEqualTo("6");
        }
    }

    @Test
    void aWrongPasswordIsAnAuthenticationErrorThatShowsNoPassword() throws Exception {
        String password = "right-" + UUID.randomUUID();
        String wrong = "wrong-" + UUID.randomUUID();
        try (RedisServer redis = RedisServer.createWithPassword(password)) {
            Path contract = contract(redis.url(), "password: { secret_ref: \"env:REDIS_PASSWORD\" }");
            String envelope = stdin(request("a1", "sessions", "redis.set", "{\"key\":\"session:a\",\"value\":\"v\"}"));

            Launcher.Result refused = plugin(envelope, Map.of("REDIS_PASSWORD", wrong), "dev", contract.toString(), "--stdio");
            assertThat(answers(refused).get("a1").code()).isEqualTo("AUTHENTICATION_ERROR");
            assertThat(refused.stdout() + refused.stderr()).doesNotContain(wrong).doesNotContain(password);
            assertThat(redis.cli("EXISTS", "session:a")).isEqualTo("0");

            Launcher.Result accepted = plugin(envelope, Map.of("REDIS_PASSWORD", password), "dev", contract.toString(), "--stdio");
            assertThat(answers(accepted).get("a1").success()).as(accepted.stdout()).isTrue();
            assertThat(accepted.stdout() + accepted.stderr()).doesNotContain(password);
            assertThat(redis.cli("GET", "session:a")).isEqualTo("v");
        }
    }

    @Test
    void aStoppedRedisIsAConnectionErrorAndReadiness503UntilItReturns() throws Exception {
        try (RedisServer redis = RedisServer.create()) {
            Path contract = contract(redis.url(), "", "health: { enabled: true, port: 0, ingress: true, check_interval_seconds: 1 }");
            try (Launcher.Running host = Launcher.start(RUN_SH, Map.of(), "dev", contract.toString())) {
                HealthProbe probe = HealthProbe.of(host, Duration.ofSeconds(60));
                assertThat(send(probe, "redis.incr").body()).contains("\"success\":true");
                await().atMost(Duration.ofSeconds(30)).until(() -> probe.status("/health/ready") == 200);

                redis.stop();
                HttpResponse<String> failed = send(probe, "redis.get");
                assertThat(failed.body()).contains("\"success\":false", "CONNECTION_ERROR", "\"retryable\":true");
                await().atMost(Duration.ofSeconds(30)).until(() -> probe.status("/health/ready") == 503);
                assertThat(probe.get("/health/ready").body()).contains("binding:cache", "\"probe\":\"PING\"");
                assertThat(probe.status("/health/live")).isEqualTo(200);

                redis.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> probe.status("/health/ready") == 200);
                assertThat(send(probe, "redis.incr").body()).contains("\"success\":true", "\"value\":1");

                Launcher.Result stopped = host.stop(Duration.ofSeconds(60));
                assertThat(stopped.exitCode()).as(stopped.stderr()).isZero();
            }
        }
    }

    @Test
    void validateNamesAnUnknownRedisConfigKeyWithFileLineAndDidYouMean() throws Exception {
        Path contract = contract("redis://127.0.0.1:6379", "pool_sise: 8");

        Launcher.Result result = plugin("", "validate", contract.toString());

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(1);
        assertThat(result.stdout() + result.stderr()).contains(contract.toString(), "pool_sise", "pool_size")
                .containsPattern("runtime\\.yaml:1[0-9]");
    }

    @Test
    void aMalformedUrlIsRefusedAtLoadWithoutEchoingIt() throws Exception {
        Path contract = contract("redis://:hunter2@127.0.0.1:6379", "");

        Launcher.Result result = plugin("", "validate", contract.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout() + result.stderr()).contains("config.url", "must not hold credentials")
                .doesNotContain("hunter2");
    }

    /**
     * Needs the schema command ({@code onex-host schema runtime|node}) of the same issue. The
     * plugin's contracts name its own schema files (they cover {@code redis}), which must be what
     * the command prints.
     */
    @Test
    void theSchemasCoverTheRedisHandlerAndTheCommittedFilesAreCurrent() throws Exception {
        Launcher.Result runtime = plugin("", "schema", "runtime");

        assertThat(runtime.exitCode()).as(runtime.stderr()).isZero();
        assertThat(runtime.stdout()).contains("\"redis\"", "\"pool_size\"", "\"max_value_bytes\"", "redis://host:port[/db]");
        Launcher.Result node = plugin("", "schema", "node");
        assertThat(node.exitCode()).as(node.stderr()).isZero();
        assertThat(node.stdout()).contains("redis.incr");
        for (Map.Entry<String, String> kind : Map.of("runtime", runtime.stdout(), "node", node.stdout()).entrySet()) {
            Path file = Launcher.HOME.resolve("examples/plugin/schema/" + kind.getKey() + ".schema.json");
            assertThat(file).as("regenerate it: examples/plugin/run.sh schema %s > %s", kind.getKey(),
                    Launcher.HOME.relativize(file)).exists();
            assertThat(Files.readString(file)).as("%s is stale; regenerate it: examples/plugin/run.sh schema %s > %s",
                    file, kind.getKey(), Launcher.HOME.relativize(file)).isEqualTo(kind.getValue());
        }
    }

    private Path contract(String url, String extraConfig, String... runtimeLines) {
        StringBuilder runtime = new StringBuilder("""
                schema_version: "1.0.0"
                runtime:
                  name: redis_it
                  version: "1.0.0"
                  environment: dev
                  event_bus:
                    kind: inmemory
                  handlers:
                    - type: redis
                      name: cache
                      timeout_ms: 2000
                      config:
                        url: "%s"
                """.formatted(url));
        if (!extraConfig.isEmpty()) {
            runtime.append("        ").append(extraConfig).append('\n');
        }
        runtime.append("  nodes_dir: nodes\n  shutdown: { grace_seconds: 5 }\n");
        for (String line : runtimeLines) {
            runtime.append("  ").append(line).append('\n');
        }
        Launcher.write(dir, "nodes/sessions.yaml", """
                schema_version: "1.0.0"
                name: sessions
                node_type: EFFECT
                io_operations:
                  - handler: cache
                    operations: [redis.get, redis.set, redis.del]
                    targets: ["session:"]
                """);
        Launcher.write(dir, "nodes/counters.yaml", """
                schema_version: "1.0.0"
                name: counters
                node_type: EFFECT
                io_operations:
                  - handler: cache
                    operations: [redis.incr, redis.get]
                    targets: ["views:"]
                """);
        return Launcher.write(dir, "runtime.yaml", runtime.toString());
    }

    private static HttpResponse<String> send(HealthProbe probe, String operation) throws IOException, InterruptedException {
        return probe.post("/v1/envelopes", "{\"target_node\":\"counters\",\"handler_type\":\"redis\","
                + "\"operation\":\"" + operation + "\",\"payload\":{\"key\":\"views:probe\"}}", Duration.ofSeconds(30));
    }

    private static String request(String id, String node, String operation, String payload) {
        return "{\"correlation_id\":\"" + uuid(id) + "\",\"target_node\":\"" + node
                + "\",\"handler_type\":\"redis\",\"operation\":\"" + operation + "\",\"payload\":" + payload + "}";
    }

    private static String stdin(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    private static UUID uuid(String id) {
        return UUID.nameUUIDFromBytes(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** One response envelope, as read from standard output with a JSON reader of its own. */
    private record Answer(boolean success, Map<String, Object> payload, String code, String message) {

        @SuppressWarnings("unchecked")
        static Answer of(Map<String, Object> envelope) {
            Map<String, Object> error = (Map<String, Object>) envelope.get("error");
            return new Answer(Boolean.TRUE.equals(envelope.get("success")), (Map<String, Object>) envelope.get("payload"),
                    error == null ? null : (String) error.get("code"), error == null ? null : (String) error.get("message"));
        }
    }

    /** The answers of a --stdio run, by the short id their request's correlation id was made from. */
    private static Map<String, Answer> answers(Launcher.Result result) {
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonLines.assertOnlyJsonObjects("standard output", result.stdout());
        Map<String, Answer> byId = new LinkedHashMap<>();
        for (String line : result.stdoutLines()) {
            Map<String, Object> envelope = Json.readObject(line);
            if (Boolean.TRUE.equals(envelope.get("is_response"))) {
                byId.put(shortId(UUID.fromString((String) envelope.get("correlation_id"))), Answer.of(envelope));
            }
        }
        return byId;
    }

    private static long number(Answer response, String field) {
        assertThat(response.success()).as("%s", response).isTrue();
        return ((Number) response.payload().get(field)).longValue();
    }

    private static String shortId(UUID correlation) {
        for (String id : List.of("s1", "s2", "v1", "g1", "g2", "d1", "v2", "x1", "x2", "p1", "a1")) {
            if (uuid(id).equals(correlation)) {
                return id;
            }
        }
        return correlation.toString();
    }

    private Launcher.Result plugin(String stdin, String... args) throws IOException, InterruptedException {
        return plugin(stdin, Map.of(), args);
    }

    private Launcher.Result plugin(String stdin, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return Launcher.run(RUN_SH, stdin, env, RUN, args);
    }

    private static String tail(String text) {
        return text.length() <= 8000 ? text : "..." + text.substring(text.length() - 8000);
    }
}
