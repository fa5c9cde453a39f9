package io.onex.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Keeps the GitHub workflows in step with the repository's own entry points: CI runs {@code .ci/run}
 * (and nothing of the suite itself), the release builds the image with {@code make image}, the
 * container from the Containerfile, and pushes it to ghcr.io, for every distribution that
 * {@code make image} links.
 */
class WorkflowsTest {

    private static final Path WORKFLOWS = Run.HOME.resolve(".github/workflows");

    @Test
    void ciRunsDotCiRunOnUbuntuAfterACheckout() throws IOException {
        Map<String, Object> ci = workflow("ci.yml");
        List<Map<String, Object>> jobs = jobs(ci, "ci.yml");
        assertThat(jobs).as("ci.yml: jobs").isNotEmpty();
        assertThat(jobs).as("ci.yml: a job on ubuntu-latest that checks out and runs bash .ci/run").anyMatch(job ->
                "ubuntu-latest".equals(job.get("runs-on"))
                        && steps(job).stream().anyMatch(step -> String.valueOf(step.get("uses")).startsWith("actions/checkout@"))
                        && runs(job).contains("bash .ci/run"));
        assertThat(Files.isRegularFile(Run.HOME.resolve(".ci/run"))).isTrue();
    }

    @Test
    void releaseOnAVersionTagRunsMakeImageAndBuildsAndPushesTheContainer() throws IOException {
        Map<String, Object> release = workflow("release.yml");
        Map<?, ?> push = (Map<?, ?>) ((Map<?, ?>) release.get("on")).get("push");
        assertThat(push.get("tags")).as("release.yml: on.push.tags").isEqualTo(List.of("v*"));
        String runs = String.join("\n", jobs(release, "release.yml").stream().flatMap(job -> runs(job).stream()).toList());
        assertThat(runs).as("release.yml: its run steps").contains("make image", "docker build -f Containerfile",
                "docker push", "ghcr.io/${{ github.repository }}", "image/target/onex-host-");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theReleaseLinksBuildsAndPushesEveryDistributionUnderItsOwnName() throws IOException {
        Map<String, Object> release = workflow("release.yml");
        List<String> distributions = Distributions.names();
        assertThat(distributions).as("image/build-image.sh: the distributions it links").contains("full", "http-kafka");
        List<Map<String, Object>> jobs = jobs(release, "release.yml");
        String runs = String.join("\n", jobs.stream().flatMap(job -> runs(job).stream()).toList());
        assertThat(runs).as("release.yml: make image for every distribution")
                .contains("for distribution in " + String.join(" ", distributions) + "; do")
                .contains("make image DISTRIBUTION=\"$distribution\"");
        assertThat(jobs).as("release.yml: a job whose matrix builds the container of every distribution")
                .anySatisfy(job -> {
                    Map<String, Object> strategy = (Map<String, Object>) job.get("strategy");
                    assertThat(strategy).isNotNull();
                    assertThat(((Map<String, Object>) strategy.get("matrix")).get("distribution"))
                            .isEqualTo(distributions);
                    String build = String.join("\n", runs(job));
                    assertThat(build).contains("--build-arg DISTRIBUTION=\"$DISTRIBUTION\"",
                            "repository=\"$repository-$DISTRIBUTION\"", "docker push \"$repository:$GITHUB_REF_NAME\"");
                    assertThat(steps(job)).anySatisfy(step -> assertThat(step.get("env"))
                            .isEqualTo(Map.of("DISTRIBUTION", "${{ matrix.distribution }}")));
                });
    }

    private static Map<String, Object> workflow(String name) throws IOException {
        Object yaml = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(WORKFLOWS.resolve(name)));
        assertThat(yaml).as(".github/workflows/%s must be a YAML mapping", name).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) yaml;
        return map;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> jobs(Map<String, Object> workflow, String name) {
        assertThat(workflow.get("jobs")).as("%s: jobs", name).isInstanceOf(Map.class);
        return new ArrayList<>(((Map<String, Map<String, Object>>) workflow.get("jobs")).values());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(Map<String, Object> job) {
        return (List<Map<String, Object>>) job.getOrDefault("steps", List.of());
    }

    private static List<String> runs(Map<String, Object> job) {
        return steps(job).stream().filter(step -> step.containsKey("run")).map(step -> String.valueOf(step.get("run")))
                .map(String::strip).toList();
    }
}
