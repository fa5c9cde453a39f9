package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The launcher picks its default JVM options by command (scripts/java-options.sh): the hosts
 * ({@code run}, {@code dev}) on the C2 compiler only, inlining hot callees of at most 100 bytecodes
 * (which bounds the compiler's memory per compilation), for their footprint and throughput under
 * load; the commands that answer and exit on the C1 compiler only, which compiles at once. An
 * explicit {@code ONEX_JAVA_OPTS} replaces either. The JVM reports the options it really started
 * with: {@code JDK_JAVA_OPTIONS=-XX:+PrintCommandLineFlags} prints them on standard error.
 */
class LauncherJavaOptionsIT {

    private static final Map<String, String> PRINT_FLAGS = Map.of("JDK_JAVA_OPTIONS", "-XX:+PrintCommandLineFlags");
    private static final String QUICKSTART = Launcher.HOME.resolve("examples/quickstart/runtime.yaml").toString();

    @Test
    void aOneShotCommandStartsOnTheC1CompilerOnly() throws IOException, InterruptedException {
        for (String[] command : new String[][] {{"validate", QUICKSTART}, {"describe", QUICKSTART}, {"--version"}}) {
            Launcher.Result result = Launcher.run("", PRINT_FLAGS, command);
            assertThat(result.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(result.stderr()).as(String.join(" ", command))
                    .contains("-XX:TieredStopAtLevel=1").doesNotContain("-XX:-TieredCompilation");
        }
    }

    @Test
    void aHostStartsOnTheC2CompilerOnlyWithItsCodeCacheAndInliningCapped() throws IOException, InterruptedException {
        Launcher.Result result = Launcher.run("", PRINT_FLAGS, "dev", QUICKSTART, "--stdio");
        assertThat(result.exitCode()).isZero();
        assertThat(result.stderr()).contains("-XX:-TieredCompilation", "-XX:CICompilerCount=1",
                "-XX:ReservedCodeCacheSize=25165824", "-XX:FreqInlineSize=100", "-XX:MaxHeapSize=67108864")
                .doesNotContain("-XX:TieredStopAtLevel=1");
    }

    @Test
    void onexJavaOptsReplacesTheDefaultsOfEitherKind() throws IOException, InterruptedException {
        Map<String, String> env = Map.of("JDK_JAVA_OPTIONS", "-XX:+PrintCommandLineFlags",
                "ONEX_JAVA_OPTS", "-XX:+UseSerialGC -Xmx80m");
        for (String[] command : new String[][] {{"validate", QUICKSTART}, {"dev", QUICKSTART, "--stdio"}}) {
            Launcher.Result result = Launcher.run("", env, command);
            assertThat(result.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(result.stderr()).as(String.join(" ", command)).contains("-XX:MaxHeapSize=83886080")
                    .doesNotContain("-XX:TieredStopAtLevel=1", "-XX:-TieredCompilation", "-XX:FreqInlineSize");
        }
    }
}
