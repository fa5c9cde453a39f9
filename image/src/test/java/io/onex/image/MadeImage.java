package io.onex.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Runs {@code make image} once for every end-to-end test of this module, as the README shows it. */
final class MadeImage {

    private static final Duration BUILD_LIMIT = Duration.ofMinutes(30);
    private static Run build;

    private MadeImage() {
    }

    /** The run of {@code make image}, which succeeded. */
    static synchronized Run build() {
        if (build == null) {
            Run run = Run.of(BUILD_LIMIT, Map.of(), "", "make", "image");
            assertThat(run.exitCode()).as("make image: %s", run.describe()).isZero();
            assertThat(run.stdoutLines()).as("make image printed nothing on standard output: %s", run.describe())
                    .isNotEmpty();
            build = run;
        }
        return build;
    }

    /** The image: the last line {@code make image} printed. */
    static Path path() {
        List<String> lines = build().stdoutLines();
        return Path.of(lines.getLast());
    }
}
