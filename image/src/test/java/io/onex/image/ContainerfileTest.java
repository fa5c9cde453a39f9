package io.onex.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Keeps the Containerfile built on the runtime image: it runs {@code make image}, copies the folder
 * that {@code make image} links into a minimal base, and starts that image's {@code bin/onex-host}
 * as a numeric non-root user, which the Kubernetes Deployment runs. No container engine runs here,
 * so this reads the files.
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
        List<String> copies = instructions("COPY").stream().filter(copy -> copy.startsWith("--from=")).toList();
        assertThat(copies).as("Containerfile: COPY --from=build instructions").singleElement().satisfies(copy ->
                assertThat(copy).matches("--from=build /src/" + Pattern.quote(defaultImagePath()) + "/? /opt/onex/"));
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
     * The folder build-image.sh links by default (the full distribution), relative to the
     * repository root: target/IMAGE_NAME, with the image name of the distribution {@code full}.
     */
    private static String defaultImagePath() throws IOException {
        String script = Files.readString(Run.HOME.resolve("image/build-image.sh"));
        Matcher out = Pattern.compile("out=\"\\$\\(realpath -m \"\\$\\{1:-\\$here/target/\\$image_name}\"\\)\"")
                .matcher(script);
        assertThat(out.find()).as("image/build-image.sh: the default output folder, target/$image_name").isTrue();
        Matcher full = Pattern.compile("(?m)^\\s*full\\)\\s*\\n\\s*image_name=(\\S+)").matcher(script);
        assertThat(full.find()).as("image/build-image.sh: the image name of the full distribution").isTrue();
        return "image/target/" + full.group(1);
    }

    /** The arguments of every instruction named {@code keyword}, continuation lines joined. */
    private static List<String> instructions(String keyword) throws IOException {
        String text = Files.readString(CONTAINERFILE).replaceAll("\\\\\\n\\s*", " ");
        return text.lines().map(String::strip).filter(line -> line.startsWith(keyword + " "))
                .map(line -> line.substring(keyword.length() + 1).strip()).toList();
    }
}
