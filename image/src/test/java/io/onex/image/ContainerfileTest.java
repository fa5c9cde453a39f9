package io.onex.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Keeps the Containerfile built on the runtime image: it runs {@code make image} with the build
 * argument {@code DISTRIBUTION} as make takes it (same default, same names), with every file that
 * build reads, copies the folder that {@code make image} links into a minimal base, and starts that
 * image's {@code bin/onex-host} as a numeric non-root user, which the Kubernetes Deployment runs.
 * No container engine runs here, so this reads the files.
 */
class ContainerfileTest {

    private static final Path CONTAINERFILE = Run.HOME.resolve("Containerfile");

    @Test
    void theBuildStageRunsMakeImage() throws IOException {
        assertThat(instructions("RUN")).as("Containerfile: a RUN instruction of the build stage")
                .anyMatch(run -> run.matches("make image\\b.*"));
    }

    @Test
    void theRuntimeStageCopiesTheFolderMakeImageLinksAndNothingElseFromTheBuild() throws IOException {
        Matcher run = makeImage();
        List<String> copies = instructions("COPY").stream().filter(copy -> copy.startsWith("--from=")).toList();
        assertThat(copies).as("Containerfile: COPY --from=build instructions").singleElement().satisfies(copy ->
                assertThat(copy).matches("--from=build " + Pattern.quote(run.group("folder")) + "/? /opt/onex/"));
    }

    @Test
    void theBuildStageKeepsTheFolderMakeImagePrintsLast() throws IOException {
        Matcher run = makeImage();
        assertThat(run.group("out2")).as("the RUN reads the file make image wrote").isEqualTo(run.group("out"));
        List<String> script = Files.readString(Run.HOME.resolve("image/build-image.sh")).lines()
                .filter(line -> !line.isBlank()).toList();
        assertThat(script.getLast()).as("image/build-image.sh: its last line prints the folder it linked")
                .isEqualTo("echo \"$out\"");
    }

    @Test
    void theDistributionArgumentIsTheOneMakeImageTakesWithTheSameDefaultAndNames() throws IOException {
        Matcher makefile = Pattern.compile("(?m)^DISTRIBUTION \\?= (\\S+)$")
                .matcher(Files.readString(Run.HOME.resolve("Makefile")));
        assertThat(makefile.find()).as("Makefile: DISTRIBUTION ?= its default").isTrue();
        List<String> args = instructions("ARG");
        assertThat(args).as("Containerfile: ARG DISTRIBUTION with make's default before the first FROM, then"
                + " again in the build stage so that its RUN sees it").containsExactly(
                        "DISTRIBUTION=" + makefile.group(1), "DISTRIBUTION");
        String text = Files.readString(CONTAINERFILE);
        assertThat(text.indexOf("ARG DISTRIBUTION=")).isLessThan(text.indexOf("FROM "));
        List<String> distributions = Distributions.names();
        assertThat(distributions).as("image/build-image.sh: the distributions it links").contains("full", "http-kafka");
        String header = text.substring(0, text.indexOf("ARG "));
        assertThat(distributions).as("Containerfile: its header names every distribution make image links")
                .allSatisfy(name -> assertThat(header).contains(name));
        assertThat(header).contains("--build-arg DISTRIBUTION=");
    }

    @Test
    void theBuildStageCopiesEverythingTheImageBuildReads() throws IOException {
        List<String> sources = instructions("COPY").stream().filter(copy -> !copy.startsWith("--from="))
                .flatMap(copy -> {
                    List<String> parts = List.of(copy.split("\\s+"));
                    return parts.subList(0, parts.size() - 1).stream();
                }).toList();
        List<String> read = new ArrayList<>();
        Matcher home = Pattern.compile("\\$ONEX_HOME/([A-Za-z0-9_./-]+)")
                .matcher(Files.readString(Run.HOME.resolve("image/build-image.sh")));
        home.results().map(path -> path.group(1)).filter(path -> !path.contains("target/")).forEach(read::add);
        Matcher modules = Pattern.compile("<module>([^<]+)</module>")
                .matcher(Files.readString(Run.HOME.resolve("pom.xml")));
        modules.results().map(module -> module.group(1) + "/pom.xml").forEach(read::add);
        assertThat(read).as("paths image/build-image.sh reads and the poms of the reactor").isNotEmpty()
                .allSatisfy(path -> assertThat(sources).as("Containerfile: a COPY of the build stage holding " + path)
                        .anyMatch(source -> source.endsWith("/") ? (path + "/").startsWith(source)
                                : path.equals(source)));
    }

    @Test
    void theRuntimeStageIsAMinimalBaseWithoutAJdk() throws IOException {
        List<String> bases = instructions("FROM");
        assertThat(bases).hasSize(2);
        assertThat(bases.getLast()).as("the runtime base: the image brings its own Java")
                .matches("docker\\.io/library/debian:[a-z]+-slim");
    }

    @Test
    void theContainerRunsTheImagesLauncherAsANumericNonRootUser() throws IOException {
        assertThat(instructions("ENTRYPOINT")).containsExactly("[\"/opt/onex/bin/onex-host\"]");
        assertThat(instructions("USER")).singleElement().satisfies(user -> {
            Matcher numeric = Pattern.compile("(\\d+):(\\d+)").matcher(user);
            assertThat(numeric.matches()).as("USER %s must be numeric uid:gid (runAsNonRoot)", user).isTrue();
            assertThat(Integer.parseInt(numeric.group(1))).isPositive();
            assertThat(Integer.parseInt(numeric.group(2))).isPositive();
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void theKubernetesDeploymentRunsThisImageAsItsUserWithAWritableTmp() throws IOException {
        Map<String, Object> deployment = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(Run.HOME.resolve("k8s/deployment.yaml")));
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                deployment.get("spec")).get("template")).get("spec");
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).getFirst();
        Matcher tag = Pattern.compile("(?m)^#\\s+podman build -t (\\S+) -f Containerfile").matcher(
                Files.readString(CONTAINERFILE));
        assertThat(tag.find()).as("Containerfile: the podman build line names the image").isTrue();
        assertThat(container.get("image")).as("k8s/deployment.yaml: the container's image").isEqualTo(tag.group(1));
        String user = instructions("USER").getFirst();
        Map<String, Object> security = (Map<String, Object>) pod.get("securityContext");
        assertThat(security.get("runAsUser") + ":" + security.get("runAsGroup"))
                .as("k8s/deployment.yaml: runAsUser:runAsGroup must be the Containerfile's USER").isEqualTo(user);
        assertThat((List<Map<String, Object>>) container.get("volumeMounts"))
                .as("k8s/deployment.yaml: /tmp must be writable (the JVM's data, unpacked native libraries)")
                .anyMatch(mount -> "/tmp".equals(mount.get("mountPath")));
    }

    /**
     * The build stage's RUN of {@code make image}: it passes the build argument on, writes what make
     * prints to a file and moves the folder named by its last line to one place, whatever the
     * distribution (groups {@code out}, {@code out2} and {@code folder}).
     */
    private static Matcher makeImage() throws IOException {
        Pattern run = Pattern.compile("make image DISTRIBUTION=\"\\$DISTRIBUTION\" >(?<out>\\S+)"
                + "\\s+&& mv \"\\$\\(tail -n 1 (?<out2>\\S+)\\)\" (?<folder>/\\S+)");
        List<Matcher> runs = instructions("RUN").stream().map(run::matcher).filter(Matcher::matches).toList();
        assertThat(runs).as("Containerfile: one RUN make image DISTRIBUTION=\"$DISTRIBUTION\" >FILE && mv"
                + " \"$(tail -n 1 FILE)\" FOLDER").hasSize(1);
        return runs.getFirst();
    }

    /** The arguments of every instruction named {@code keyword}, continuation lines joined. */
    private static List<String> instructions(String keyword) throws IOException {
        String text = Files.readString(CONTAINERFILE).replaceAll("\\\\\\n\\s*", " ");
        return text.lines().map(String::strip).filter(line -> line.startsWith(keyword + " "))
                .map(line -> line.substring(keyword.length() + 1).strip()).toList();
    }
}
