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
    private static final String[] COMMANDS = {"run", "dev", "validate", "describe", "schema", "help", "completion"};

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
    void helpListsEveryCommandOnStandardOutputWithExitCodeZero() throws Exception {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"-h"}, new String[] {"help"})) {
            Launcher.Result result = Launcher.run(args);
            assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.stderr()).isZero();
            assertThat(result.stderr()).isEmpty();
            assertThat(result.stdout()).startsWith("usage: onex-host")
                    .contains(COMMANDS).contains("--version", "exit codes:");
        }
    }

    @Test
    void everyCommandHasHelpThroughDashDashHelpDashHAndTheHelpCommand() throws Exception {
        for (String command : COMMANDS) {
            for (String[] args : List.of(new String[] {command, "--help"}, new String[] {command, "-h"},
                    new String[] {"help", command})) {
                Launcher.Result result = Launcher.run(args);
                assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.stderr()).isZero();
                assertThat(result.stderr()).as(String.join(" ", args)).isEmpty();
                assertThat(result.stdout()).as(String.join(" ", args))
                        .startsWith("usage: onex-host " + command + " ").contains("-h, --help");
            }
        }
    }

    @Test
    void runHelpDescribesItsArgumentAndOptionsInsteadOfRefusingTheOption() throws Exception {
        Launcher.Result result = Launcher.run("run", "--help");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("usage: onex-host run", "CONTRACT", "--stdio", "--lenient",
                "--log-level=LEVEL", "debug, info, warn or error", "SIGTERM");
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void theVersionCommandStillPrintsTheVersion() throws Exception {
        Launcher.Result result = Launcher.run("version");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout().trim()).isEqualTo("onex-host 0.1.0");
    }

    @Test
    void aTypoIsAUsageErrorThatSuggestsWhatWasMeant() throws Exception {
        Launcher.Result command = Launcher.run("valdiate", QUICKSTART);
        assertThat(command.exitCode()).isEqualTo(2);
        assertThat(command.stdout()).isEmpty();
        assertThat(command.stderr()).contains("onex-host: unknown command 'valdiate'", "did you mean 'validate'?",
                "usage: onex-host");

        Launcher.Result option = Launcher.run("validate", "--lenint", QUICKSTART);
        assertThat(option.exitCode()).isEqualTo(2);
        assertThat(option.stdout()).isEmpty();
        assertThat(option.stderr()).contains("'--lenint'", "did you mean '--lenient'?",
                "usage: onex-host validate");

        Launcher.Result help = Launcher.run("help", "rnu");
        assertThat(help.exitCode()).isEqualTo(2);
        assertThat(help.stderr()).contains("unknown command 'rnu'", "did you mean 'run'?");

        Launcher.Result nothingClose = Launcher.run("launch", QUICKSTART);
        assertThat(nothingClose.exitCode()).isEqualTo(2);
        assertThat(nothingClose.stderr()).contains("unknown command 'launch'").doesNotContain("did you mean");
    }

    @Test
    void aBadLogLevelIsAUsageErrorNamingTheValidOnes() throws Exception {
        Launcher.Result result = Launcher.run("dev", QUICKSTART, "--log-level", "loud");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("--log-level", "'loud'", "debug, info, warn, error");
    }

    @Test
    void theCompletionScriptRegistersWithBashAndCompletesCommandsOptionsAndLevels() throws Exception {
        Launcher.Result result = Launcher.run("completion");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Path script = Launcher.write(dir, "onex-host.bash", result.stdout());
        Launcher.Result bash = bash("""
                source "$1"
                complete -p onex-host
                complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
                  _complete_onex-host 2>/dev/null; echo "$*: ${COMPREPLY[*]}"; }
                complete_words onex-host ''
                complete_words onex-host va
                complete_words onex-host run --
                complete_words onex-host dev examples/quickstart/runtime.yaml --log-level ''
                complete_words onex-host help de
                """, script);
        assertThat(bash.exitCode()).as(bash.stderr()).isZero();
        List<String> lines = bash.stdout().lines().toList();
        assertThat(lines.getFirst()).startsWith("complete ").contains("-F _complete_onex-host").endsWith(" onex-host");
        assertThat(lines).contains("onex-host va: validate", "onex-host help de: dev describe");
        assertThat(line(lines, "onex-host : ")).contains(COMMANDS).doesNotContain("version");
        assertThat(line(lines, "onex-host run --: ")).contains("--stdio", "--lenient", "--log-level", "--help")
                .doesNotContain("--version");
        assertThat(line(lines, "onex-host dev examples/quickstart/runtime.yaml --log-level : "))
                .isEqualTo("onex-host dev examples/quickstart/runtime.yaml --log-level : debug info warn error");
    }

    private static String line(List<String> lines, String prefix) {
        return lines.stream().filter(line -> line.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with '" + prefix + "' in " + lines));
    }

    /** Runs {@code script} in a non-interactive bash with {@code file} as its first argument. */
    private static Launcher.Result bash(String script, Path file) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", script, "bash", file.toString()).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bash did not finish within 60 s");
        }
        return new Launcher.Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
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
    void validateTakesOptionsBetweenItsContractsAndChecksEachOnce() throws Exception {
        String http = "examples/quickstart/runtime-http.yaml";
        Launcher.Result result = Launcher.run("validate", QUICKSTART, "--lenient", http);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdoutLines()).hasSize(2)
                .satisfiesExactly(line -> assertThat(line).startsWith("ok: " + QUICKSTART + " "),
                        line -> assertThat(line).startsWith("ok: " + http + " "));
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
