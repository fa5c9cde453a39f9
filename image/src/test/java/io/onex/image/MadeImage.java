package io.onex.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code make image} once per distribution for every end-to-end test of this module, as the
 * README shows it, and reads what an image holds.
 */
final class MadeImage {

    private static final Duration BUILD_LIMIT = Duration.ofMinutes(30);
    private static final Duration RUN_LIMIT = Duration.ofMinutes(2);
    private static final Map<String, Run> builds = new HashMap<>();

    private MadeImage() {
    }

    /** The run of {@code make image} (the full host), which succeeded. */
    static Run build() {
        return build("full");
    }

    /**
     * The run of {@code make image DISTRIBUTION=<distribution>} ({@code make image} alone for
     * {@code full}, its default), which succeeded and printed the image's path last.
     */
    static synchronized Run build(String distribution) {
        Run built = builds.get(distribution);
        if (built == null) {
            String[] command = distribution.equals("full") ? new String[] {"make", "image"}
                    : new String[] {"make", "image", "DISTRIBUTION=" + distribution};
            Run run = Run.of(BUILD_LIMIT, Map.of(), "", command);
            assertThat(run.exitCode()).as("%s: %s", String.join(" ", command), run.describe()).isZero();
            assertThat(run.stdoutLines()).as("%s printed nothing on standard output: %s", String.join(" ", command),
                    run.describe()).isNotEmpty();
            built = run;
            builds.put(distribution, built);
        }
        return built;
    }

    /** The image of the full host: the last line {@code make image} printed. */
    static Path path() {
        return path("full");
    }

    /** The image of {@code distribution}: the last line its {@code make image} printed. */
    static Path path(String distribution) {
        return Path.of(build(distribution).stdoutLines().getLast());
    }

    /** The tarball {@code make image} writes beside {@code image}, for this machine's architecture. */
    static Path tarball(Path image) {
        return image.resolveSibling(image.getFileName() + "-0.1.0-linux-"
                + System.getProperty("os.arch").replace("amd64", "x86_64") + ".tar.gz");
    }

    /**
     * Runs {@code image}'s {@code bin/onex-host} with {@code args}, {@code stdin} as its standard
     * input and {@code env} added to the environment, for at most two minutes.
     */
    static Run launch(Path image, Map<String, String> env, String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(image.resolve("bin/onex-host").toString()));
        command.addAll(List.of(args));
        return Run.of(RUN_LIMIT, env, stdin, command.toArray(String[]::new));
    }

    /** The name of every module linked into {@code image} ({@code bin/java --list-modules}). */
    static List<String> modules(Path image) {
        Run list = Run.of(RUN_LIMIT, Map.of(), "", image.resolve("bin/java").toString(), "--list-modules");
        assertThat(list.exitCode()).as(list.describe()).isZero();
        return list.stdoutLines().stream().map(line -> line.split("[@ ]")[0]).toList();
    }
}
