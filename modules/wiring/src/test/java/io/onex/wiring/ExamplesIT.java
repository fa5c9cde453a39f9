package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Envelope;
import io.onex.host.api.ErrorCode;
import io.onex.host.core.codec.DecodeResult;
import io.onex.host.core.codec.EnvelopeCodec;
import io.onex.testkit.HttpReply;
import io.onex.testkit.PostgresAddress;
import io.onex.testkit.PostgresFixture;
import io.onex.testkit.PostgresServer;
import io.onex.testkit.TestHttpServer;
import io.onex.testkit.VaultKvServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the example contracts of the repository for real, through the packaged launcher: the
 * services example, following its README's own steps (read from the file), against the test
 * suite's own PostgreSQL, HTTP server and Vault-API-compatible server.
 */
class ExamplesIT {

    private static final EnvelopeCodec CODEC = EnvelopeCodec.standard();

    @Test
    void theServicesExampleRunsItsReadmeStepsAgainstRealServices() throws Exception {
        List<String> blocks = shellBlocks(Launcher.HOME.resolve("examples/services/README.md"));
        String setUp = blocks.stream().filter(block -> block.startsWith("psql")).findFirst().orElseThrow();
        List<String> hostRuns = blocks.stream().filter(block -> block.startsWith("./onex-host run")).toList();
        assertThat(hostRuns).hasSize(2);
        // A server of its own: the README's roles belong to the whole server.
        try (PostgresServer postgres = PostgresFixture.startPrivate();
                TestHttpServer api = TestHttpServer.start(); VaultKvServer vault = VaultKvServer.start()) {
            PostgresAddress owner = postgres.createDatabase("orders");
            String appPassword = "app-" + UUID.randomUUID();
            // Step 1, as the README has it: the owner sets up the login, the node roles and the table.
            Launcher.Result setUpRun = shell(setUp, Map.of("PGHOST", owner.host(), "PGPORT",
                    String.valueOf(owner.port()), "PGUSER", owner.user(), "PGPASSWORD", owner.password(),
                    "PGDATABASE", "orders", "ORDERS_APP_PASSWORD", appPassword));
            assertThat(setUpRun.exitCode()).as(setUpRun.stderr()).isZero();

            api.answer("/users/ada", HttpReply.json(200, "{\"name\":\"ada\"}"));
            // The database password lives in Vault only: the host's secret resolver reads it there.
            vault.put("secret", "orders/db", Map.of("password", appPassword));
            vault.put("secret", "app/settings", Map.of("theme", "dark"));
            Map<String, String> env = new HashMap<>();
            env.put("USER_API_URL", api.url("").replaceAll("/$", ""));
            env.put("ORDERS_DB_URL", "r2dbc:postgresql://" + owner.host() + ":" + owner.port() + "/orders");
            env.put("ORDERS_DB_USER", "orders_app");
            env.put("VAULT_ADDR", vault.address());
            env.put("VAULT_TOKEN", vault.rootToken());
            List<String> secrets = List.of(owner.password(), appPassword, vault.rootToken());

            // Step 2, first run: what each node may do, and what its contract refuses.
            Map<String, Envelope> first = runBlock(hostRuns.get(0), env, secrets);
            assertThat(first.get("order_store db.execute").payload()).as("%s", first).containsEntry("row_count", 1);
            assertThat(first.get("order_report db.execute").error().code()).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
            assertThat(first.get("user_lookup http.get").payload()).containsEntry("status_code", 200)
                    .containsEntry("body", Map.of("name", "ada"));
            assertThat(first.get("app_config vault.get_secret").payload()).containsEntry("data", Map.of("theme", "dark"));

            // Second run: the read sees the insert; the database's grants refuse what the host allowed.
            Map<String, Envelope> second = runBlock(hostRuns.get(1), env, secrets);
            assertThat(second.get("order_report db.query").success()).as("%s", second).isTrue();
            assertThat(second.get("order_report db.query").payload().get("rows")).asList().singleElement()
                    .satisfies(row -> assertThat(row.toString()).contains("id=o-1").contains("total=12.5"));
            Envelope delete = second.get("order_store db.execute");
            assertThat(delete.error().code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
            assertThat(delete.error().details()).containsEntry("sqlstate", "42501");
            assertThat(postgres.sql("orders", "SELECT count(*) FROM orders")).isEqualTo("1");
            assertThat(second.get("user_lookup http.get").error().code()).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
            assertThat(api.requests()).extracting(r -> r.path()).containsExactly("/users/ada");
            assertThat(second.get("app_config vault.get_secret").error().code())
                    .isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
        }
    }

    /** Returns the fenced {@code sh} blocks of a Markdown file, in order. */
    private static List<String> shellBlocks(Path markdown) throws IOException {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : Files.readAllLines(markdown)) {
            if (block == null && line.equals("```sh")) {
                block = new StringBuilder();
            } else if (block != null && line.equals("```")) {
                blocks.add(block.toString());
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    /** Runs a documented block with bash in the repository root, as a reader would. */
    private static Launcher.Result shell(String script, Map<String, String> env) throws Exception {
        Path out = Files.createTempFile("onex-readme", ".out");
        Path err = Files.createTempFile("onex-readme", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
                    .directory(Launcher.HOME.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().put("ONEX_SKIP_BUILD", "1");
            builder.environment().remove("ENVIRONMENT");
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the block did not finish in 120 s: " + script);
            }
            return new Launcher.Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Runs a README host block and returns its answers by "node operation" (unique in each block). */
    private static Map<String, Envelope> runBlock(String block, Map<String, String> env, List<String> secrets)
            throws Exception {
        Launcher.Result result = shell(block, env);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        for (String secret : secrets) {
            assertThat(result.stdout() + result.stderr()).doesNotContain(secret);
        }
        Map<String, Envelope> answers = new HashMap<>();
        for (String line : result.stdoutLines()) {
            DecodeResult decoded = CODEC.decode(line);
            assertThat(decoded).as(line).isInstanceOf(DecodeResult.Decoded.class);
            Envelope response = ((DecodeResult.Decoded) decoded).envelope();
            answers.put(response.sourceNode() + " " + response.operation(), response);
        }
        assertThat(answers).hasSize(block.lines().filter(line -> line.startsWith("{")).toList().size());
        return answers;
    }
}
