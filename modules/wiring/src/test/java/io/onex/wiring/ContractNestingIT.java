package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small contract that nests very deeply (40 KB of {@code [}, or 100 KB of {@code {a: }) is refused with a clear error naming the file, the line and the limit, in
 * {@code validate} as at start-up; before, the YAML composer recursed until the JVM's stack ran
 * out and the command died with a StackOverflowError and its stack trace.
 */
class ContractNestingIT {

    private static final String RUNTIME = """
            schema_version: "1.0.0"
            runtime:
              name: deep
              version: "1.0.0"
              environment: dev
              handlers:
                - type: local
              nodes_dir: nodes
            """;

    @TempDir
    Path dir;

    @Test
    void aDeeplyNestedRuntimeContractIsRefusedNamingTheLineAndTheLimit() throws Exception {
        Path runtime = Launcher.write(dir, "runtime.yaml", RUNTIME + "  x: " + "[".repeat(20_000) + "]".repeat(20_000)
                + "\n");
        Launcher.write(dir, "nodes/echo.yaml", node("echo", ""));

        for (String command : new String[] {"validate", "describe"}) {
            Launcher.Result result = Launcher.run(command, "--lenient", runtime.toString());

            assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
            assertThat(result.stderr()).contains(runtime + ":9:", "nests deeper than the limit of 100 levels")
                    .doesNotContain("StackOverflowError", "\tat ");
        }
    }

    @Test
    void aDeeplyNestedNodeContractStopsTheStartWithTheSameError() throws Exception {
        Path runtime = Launcher.write(dir, "runtime.yaml", RUNTIME);
        Path node = Launcher.write(dir, "nodes/deep.yaml", node("deep", "metadata: " + "{a: ".repeat(20_000)
                + "}".repeat(20_000) + "\n"));

        Launcher.Result result = Launcher.run("", Map.of(), "dev", "--lenient", runtime.toString(), "--stdio");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
        assertThat(result.stderr()).contains(node.toString(), "nests deeper than the limit of 100 levels")
                .doesNotContain("StackOverflowError", "\tat ");
    }

    private static String node(String name, String extra) {
        return """
                schema_version: "1.0.0"
                name: %s
                node_type: EFFECT
                io_operations:
                  - handler: local
                    operations: [local.echo]
                %s""".formatted(name, extra);
    }
}
