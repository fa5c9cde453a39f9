package io.onex.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No main source file grows past {@value SourceSize#MAX_LINES} lines (issue #17): a longer file
 * does several things, and is split by what they are.
 */
class SourceSizeTest {

    /**
     * No file is allowed over the limit: the engine split (issue #17 item 2) and Kafka settlement as
     * one forward path emptied the list. A file added here must name the change that splits it.
     */
    private static final List<String> BEING_SPLIT = List.of();

    private final Map<String, Long> lines = SourceSize.mainSourceLines(ProjectModules.root());

    @Test
    void noMainSourceFileIsLongerThanTheLimit() {
        assertThat(SourceSize.oversized(lines, BEING_SPLIT))
                .as("main source files over %d lines: split each by what it does (a reader, a writer, the "
                        + "problems it collects...), not in half", SourceSize.MAX_LINES)
                .isEmpty();
    }

    @Test
    void catchesAMainFileOneLineOverAndIgnoresTestsAndBuildOutput(@TempDir Path root) throws IOException {
        write(root.resolve("modules/a/src/main/java/a/Long.java"), SourceSize.MAX_LINES + 1);
        write(root.resolve("modules/a/src/main/java/a/Fits.java"), SourceSize.MAX_LINES);
        write(root.resolve("modules/a/src/test/java/a/LongTest.java"), SourceSize.MAX_LINES + 1);
        write(root.resolve("modules/a/target/generated/src/main/java/a/Generated.java"), SourceSize.MAX_LINES + 1);
        write(root.resolve("perf/src/main/java/p/Harness.java"), SourceSize.MAX_LINES + 1);

        Map<String, Long> found = SourceSize.mainSourceLines(root);

        assertThat(SourceSize.oversized(found, List.of())).containsExactly(
                "modules/a/src/main/java/a/Long.java (401 lines)", "perf/src/main/java/p/Harness.java (401 lines)");
        assertThat(SourceSize.oversized(found, List.of("perf/src/main/java/p/Harness.java")))
                .containsExactly("modules/a/src/main/java/a/Long.java (401 lines)");
    }

    private static void write(Path file, int lineCount) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "//\n".repeat(lineCount));
    }
}
