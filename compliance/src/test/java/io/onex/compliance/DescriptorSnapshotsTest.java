package io.onex.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Specifies how descriptors are rendered, compared with their snapshots and rewritten. */
class DescriptorSnapshotsTest {

    private static final ModuleDescriptor SAMPLE = ModuleDescriptor.newModule("io.onex.handler.sample")
            .requires(Set.of(Modifier.TRANSITIVE), "io.onex.host.api")
            .requires(Set.of(Modifier.STATIC), "java.compiler")
            .requires("io.onex.host.core")
            .exports(Set.of(), "io.onex.handler.sample", Set.of("io.onex.wiring", "io.onex.health"))
            .exports("io.onex.handler.sample.api")
            .opens(Set.of(), "io.onex.handler.sample.model", Set.of("io.onex.wiring"))
            .uses("java.sql.Driver")
            .provides("io.onex.host.api.Handler", List.of("io.onex.handler.sample.SampleHandler"))
            .build();

    @TempDir
    Path folder;

    @Test
    void rendersEveryClauseSortedOnePerLineWithModifiersAndTargets() {
        assertThat(DescriptorSnapshots.render(SAMPLE)).isEqualTo("""
                module io.onex.handler.sample
                requires transitive io.onex.host.api
                requires io.onex.host.core
                requires mandated java.base
                requires static java.compiler
                exports io.onex.handler.sample to io.onex.health, io.onex.wiring
                exports io.onex.handler.sample.api
                opens io.onex.handler.sample.model to io.onex.wiring
                uses java.sql.Driver
                provides io.onex.host.api.Handler with io.onex.handler.sample.SampleHandler
                """);
    }

    @Test
    void rendersAnOpenModuleAsSuch() {
        assertThat(DescriptorSnapshots.render(ModuleDescriptor.newOpenModule("io.onex.sample").build()))
                .startsWith("open module io.onex.sample\n");
    }

    @Test
    void acceptsModulesThatMatchTheirSnapshots() throws IOException {
        Files.writeString(folder.resolve("io.onex.handler.sample.txt"), DescriptorSnapshots.render(SAMPLE));

        assertThatCode(() -> DescriptorSnapshots.check(folder, List.of(sample())))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsASnapshotWhoseLinesEndInCarriageReturns() throws IOException {
        Files.writeString(folder.resolve("io.onex.handler.sample.txt"),
                DescriptorSnapshots.render(SAMPLE).replace("\n", "\r\n"));

        assertThatCode(() -> DescriptorSnapshots.check(folder, List.of(sample())))
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsAChangedDescriptorShowingTheChangedLinesAndHowToUpdate() throws IOException {
        Files.writeString(folder.resolve("io.onex.handler.sample.txt"), DescriptorSnapshots.render(SAMPLE)
                .replace("exports io.onex.handler.sample.api\n", "exports io.onex.handler.sample.api to io.onex.wiring\n"));

        assertThatThrownBy(() -> DescriptorSnapshots.check(folder, List.of(sample())))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll(
                        "Module <io.onex.handler.sample> (modules/handler-sample) differs from io.onex.handler.sample.txt",
                        "    - exports io.onex.handler.sample.api to io.onex.wiring",
                        "    + exports io.onex.handler.sample.api\n",
                        "mvn -pl compliance -am test -Donex.updateSnapshots=true");
    }

    @Test
    void rejectsAModuleWithoutSnapshotShowingItsDescriptor() {
        assertThatThrownBy(() -> DescriptorSnapshots.check(folder, List.of(sample())))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("Module <io.onex.handler.sample> (modules/handler-sample) has no snapshot",
                        "    exports io.onex.handler.sample to io.onex.health, io.onex.wiring",
                        "-Donex.updateSnapshots=true");
    }

    @Test
    void rejectsASnapshotOfAModuleThatNoLongerExists() throws IOException {
        Files.writeString(folder.resolve("io.onex.handler.sample.txt"), DescriptorSnapshots.render(SAMPLE));
        Files.writeString(folder.resolve("io.onex.handler.gone.txt"), "module io.onex.handler.gone\n");

        assertThatThrownBy(() -> DescriptorSnapshots.check(folder, List.of(sample())))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Snapshot io.onex.handler.gone.txt belongs to no module of the build");
    }

    @Test
    void rewritingCreatesMissingSnapshotsReplacesChangedOnesAndRemovesStaleOnes() throws IOException {
        Files.writeString(folder.resolve("io.onex.handler.sample.txt"), "module io.onex.handler.sample\n");
        Files.writeString(folder.resolve("io.onex.handler.gone.txt"), "module io.onex.handler.gone\n");
        CompiledModule other = new CompiledModule("bus-sample", ModuleDescriptor.newModule("io.onex.bus.sample").build());

        DescriptorSnapshots.write(folder, List.of(sample(), other));

        assertThat(folder.resolve("io.onex.handler.gone.txt")).doesNotExist();
        assertThat(folder.resolve("io.onex.handler.sample.txt")).content().isEqualTo(DescriptorSnapshots.render(SAMPLE));
        assertThatCode(() -> DescriptorSnapshots.check(folder, List.of(sample(), other))).doesNotThrowAnyException();
    }

    private static CompiledModule sample() {
        return new CompiledModule("handler-sample", SAMPLE);
    }
}
