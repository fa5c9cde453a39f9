package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code ./onex-host} (scripts/java-env.sh) finds its JDK 25: with none in {@code
 * ONEX_JAVA_HOME}, {@code JAVA_HOME}, the {@code PATH} or the JVM folder ({@code ONEX_JVM_DIR},
 * standing in for /usr/lib/jvm), it says in one line what it needs and where it looked, and exits
 * 2; an older JDK is passed over; a JDK 25 in the JVM folder is found and runs the host.
 */
class JavaLookupIT {

    @TempDir
    Path dir;
    private Path bin;
    private Path jvms;

    /** A PATH with only the tools the launcher uses before it runs Java (and no java), and a JVM folder with a JDK 21. */
    @BeforeEach
    void machineWithoutAJdk25() throws IOException {
        bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : new String[] {"bash", "dirname", "sed", "readlink", "find", "flock"}) {
            for (String folder : new String[] {"/usr/bin", "/bin"}) {
                Path real = Path.of(folder, tool);
                if (Files.isExecutable(real) && !Files.exists(bin.resolve(tool))) {
                    Files.createSymbolicLink(bin.resolve(tool), real);
                }
            }
        }
        jvms = Files.createDirectories(dir.resolve("jvm"));
        Path old = Files.createDirectories(jvms.resolve("jdk-21/bin"));
        for (String tool : new String[] {"java", "javac"}) {
            Files.writeString(old.resolve(tool), "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(old.resolve(tool), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(jvms.resolve("jdk-21/release"), "JAVA_VERSION=\"21.0.5\"\n");
    }

    @Test
    void withoutAJdk25ItSaysInOneLineWhatItNeedsAndWhereItLookedAndExitsTwo() throws Exception {
        String missing = dir.resolve("no-such-jdk").toString();
        Launcher.Result result = Launcher.run("", Map.of("PATH", bin.toString(), "ONEX_JAVA_HOME", missing,
                "JAVA_HOME", jvms.resolve("jdk-21").toString(), "ONEX_JVM_DIR", jvms.toString()), "--version");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("onex-host: needs a ").contains(" 25 or newer")
                .contains("$ONEX_JAVA_HOME=" + missing)
                .contains("$JAVA_HOME=" + jvms.resolve("jdk-21"))
                .contains("the java on $PATH (none)")
                .contains(jvms + "/*")
                .contains("set ONEX_JAVA_HOME"));
    }

    @Test
    void aJdk25InTheJvmFolderIsFoundAndRunsTheHost() throws Exception {
        Path home = Path.of(System.getProperty("java.home"));
        assertThat(Runtime.version().feature()).as("the suite runs on the JDK it needs").isGreaterThanOrEqualTo(25);
        Path jdk = Files.createDirectories(jvms.resolve("jdk-25"));
        Files.createSymbolicLink(jdk.resolve("bin"), home.resolve("bin"));
        Files.copy(home.resolve("release"), jdk.resolve("release"));

        Launcher.Result result = Launcher.run("", Map.of("PATH", bin.toString(), "ONEX_JAVA_HOME", "",
                "JAVA_HOME", "", "ONEX_JVM_DIR", jvms.toString()), "--version");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).startsWith("onex-host ");
    }
}
