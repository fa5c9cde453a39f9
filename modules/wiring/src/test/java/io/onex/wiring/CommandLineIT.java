package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Envelope;
import io.onex.host.api.ErrorCode;
import io.onex.host.core.codec.DecodeResult;
import io.onex.host.core.codec.EnvelopeCodec;
import io.onex.host.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code onex-host} command line, run as a separate process through the real launcher. */
class CommandLineIT {

    private static final String QUICKSTART = "examples/quickstart/runtime.yaml";

    @TempDir
    Path dir;

    @Test
    void versionPrintsTheVersionAndExitsZero() throws Exception {
        Launcher.Result result = Launcher.run("--version");
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout().trim()).isEqualTo("onex-host 0.1.0");
    }

    @Test
    void noCommandIsAUsageErrorWithExitCodeTwo() throws Exception {
        Launcher.Result result = Launcher.run();
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("usage: onex-host");
    }

    @Test
    void anUnknownCommandOrOptionIsAUsageError() throws Exception {
        assertThat(Launcher.run("launch", QUICKSTART).exitCode()).isEqualTo(2);
        assertThat(Launcher.run("validate", "--frobnicate", QUICKSTART).exitCode()).isEqualTo(2);
        assertThat(Launcher.run("run").exitCode()).isEqualTo(2);
    }

    @Test
    void validateAcceptsTheQuickStartContract() throws Exception {
        Launcher.Result result = Launcher.run("validate", QUICKSTART);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("ok: " + QUICKSTART, "5 nodes");
    }

    @Test
    void validateRejectsABadContractNamingFileAndLine() throws Exception {
        Path bad = Launcher.write(dir, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: bad_host
                  version: "1.0.0"
                  environment: dev
                  handlers:
                    - type: htp
                """);
        Launcher.Result result = Launcher.run("validate", bad.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains(bad + ":7:", "htp", "local, http, db, vault, consul");
    }

    @Test
    void validateChecksEveryFileAndFailsIfAnyIsBad() throws Exception {
        Path bad = Launcher.write(dir, "broken.yaml", "schema_version: [\n");
        Launcher.Result result = Launcher.run("validate", QUICKSTART, bad.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("ok: " + QUICKSTART);
        assertThat(result.stderr()).contains(bad.toString());
    }

    @Test
    void aMissingContractFileIsExitCodeOne() throws Exception {
        Launcher.Result result = Launcher.run("validate", dir.resolve("nope.yaml").toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("nope.yaml");
    }

    @Test
    void describePrintsTheWiringAsJson() throws Exception {
        Launcher.Result result = Launcher.run("describe", QUICKSTART);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> description = (Map<String, Object>) Json.read(result.stdout());
        assertThat(description).containsKeys("runtime", "event_bus", "handlers", "nodes");
        assertThat((List<?>) description.get("nodes")).hasSize(5);
    }

    @Test
    void describeShowsSecretReferencesButNeverTheirValues() throws Exception {
        Path contract = Launcher.write(dir, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: secret_host
                  version: "1.0.0"
                  environment: prod
                  handlers:
                    - type: db
                      config:
                        url: "r2dbc:postgresql://${DB_HOST}:5432/orders"
                        username: orders
                        password: { secret_ref: "env:DB_PASSWORD" }
                """);
        Launcher.Result result = Launcher.run("", Map.of("DB_HOST", "db.internal", "DB_PASSWORD", "s3cr3t-value"),
                "describe", contract.toString());
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("env:DB_PASSWORD", "db.internal").doesNotContain("s3cr3t-value");
        assertThat(result.stderr()).doesNotContain("s3cr3t-value");
    }

    @Test
    void runStopsWithExitOneWhenASecretCannotBeResolved() throws Exception {
        Path contract = Launcher.write(dir, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: consul_host
                  version: "1.0.0"
                  environment: prod
                  handlers:
                    - type: consul
                      config: { address: "http://127.0.0.1:8500", token: { secret_ref: "env:ONEX_IT_UNSET_TOKEN" } }
                """);
        Launcher.Result result = Launcher.run("", Map.of(), "run", contract.toString(), "--stdio");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("env:ONEX_IT_UNSET_TOKEN", "ONEX_IT_UNSET_TOKEN is not set");
    }

    @Test
    void runRefusesTheLocalHandler() throws Exception {
        Launcher.Result result = Launcher.run("run", QUICKSTART);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("local handler", "onex-host dev");
    }

    @Test
    void devRefusesToRunWhereTheEnvironmentIsProd() throws Exception {
        Launcher.Result result = Launcher.run("", Map.of("ENVIRONMENT", "prod"), "dev", QUICKSTART, "--stdio");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("ENVIRONMENT=prod");
    }

    @Test
    void devOverStdioAnswersEveryKindOfInput() throws Exception {
        String input = String.join("\n",
                "{\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\",\"payload\":{\"hi\":1}}",
                "{this is not json",
                "{\"target_node\":\"nobody\",\"handler_type\":\"local\",\"operation\":\"local.echo\"}",
                "{\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.error\"}",
                "{\"handler_type\":\"local\",\"operation\":\"local.echo\"}",
                "",
                "{\"target_node\":\"greeter\",\"handler_type\":\"local\",\"operation\":\"local.transform\","
                        + "\"metadata\":{\"binding\":\"shouty\"},\"payload\":{\"name\":\"ada\"}}") + "\n";
        Launcher.Result result = Launcher.run(input, Map.of(), "dev", QUICKSTART, "--stdio");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<Envelope> responses = result.stdoutLines().stream().map(CommandLineIT::decode).toList();
        assertThat(responses).hasSize(6).allMatch(Envelope::isResponse);
        assertThat(responses).filteredOn(Envelope::success).extracting(Envelope::payload)
                .containsExactlyInAnyOrder(Map.of("hi", 1), Map.of("name", "ADA"));
        assertThat(responses).filteredOn(r -> !r.success()).extracting(r -> r.error().code())
                .containsExactlyInAnyOrder(ErrorCode.ENVELOPE_VALIDATION_ERROR, ErrorCode.NODE_NOT_FOUND,
                        ErrorCode.OPERATION_NOT_ALLOWED, ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(result.stdout()).doesNotContain("Exception", "\tat ");
        assertThat(result.stderr().lines().filter(line -> !line.isBlank()))
                .allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
    }

    @Test
    void devOverStdioAnswersThousandsOfEnvelopesAndExitsZero() throws Exception {
        StringBuilder input = new StringBuilder();
        int count = 20_000;
        for (int i = 0; i < count; i++) {
            input.append("{\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\",\"payload\":{\"i\":")
                    .append(i).append("}}\n");
        }
        Launcher.Result result = Launcher.run(input.toString(), Map.of(), "dev", QUICKSTART, "--stdio");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<Envelope> responses = result.stdoutLines().stream().map(CommandLineIT::decode).toList();
        assertThat(responses).hasSize(count).allMatch(Envelope::success);
        assertThat(responses.stream().map(r -> r.payload().get("i")).distinct().count()).isEqualTo(count);
    }

    static Envelope decode(String line) {
        DecodeResult result = EnvelopeCodec.standard().decode(line.getBytes(StandardCharsets.UTF_8));
        if (result instanceof DecodeResult.Decoded decoded) {
            return decoded.envelope();
        }
        throw new AssertionError("not an envelope: " + line + " -> " + result);
    }
}
