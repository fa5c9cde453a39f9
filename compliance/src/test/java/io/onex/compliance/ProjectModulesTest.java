package io.onex.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Specifies how the suite finds the project's modules and reads their compiled descriptors. */
class ProjectModulesTest {

    @TempDir
    Path root;

    @Test
    void findsTheProjectRootAboveTheComplianceModule() {
        Path found = ProjectModules.root();

        assertThat(found.resolve("compliance/pom.xml")).isRegularFile();
        assertThat(found.resolve("modules/host-api/pom.xml")).isRegularFile();
    }

    @Test
    void readsEachModuleFromItsCompiledClassesInFolderOrder() throws IOException {
        compileModule("wiring", "module io.onex.wiring { }");
        compileModule("bus-sample", "module io.onex.bus.sample { }");
        Files.createDirectories(root.resolve("modules/notes")); // no pom.xml: not a module

        List<CompiledModule> modules = ProjectModules.compiled(root);

        assertThat(modules).extracting(CompiledModule::folder).containsExactly("bus-sample", "wiring");
        assertThat(modules).extracting(CompiledModule::name).containsExactly("io.onex.bus.sample", "io.onex.wiring");
    }

    @Test
    void failsOnAModuleThatWasNotCompiledSayingHowToIncludeIt() throws IOException {
        Files.createDirectories(root.resolve("modules/handler-sample"));
        Files.writeString(root.resolve("modules/handler-sample/pom.xml"), "<project/>");

        assertThatThrownBy(() -> ProjectModules.compiled(root))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("modules/handler-sample has no compiled module-info.class",
                        "add it to compliance/pom.xml as a test dependency", "mvn -pl compliance -am test");
    }

    private void compileModule(String folder, String moduleInfo) throws IOException {
        Path module = root.resolve("modules").resolve(folder);
        Path source = module.resolve("src/module-info.java");
        Path classes = module.resolve("target/classes");
        Files.createDirectories(source.getParent());
        Files.createDirectories(classes);
        Files.writeString(module.resolve("pom.xml"), "<project/>");
        Files.writeString(source, moduleInfo);
        int status = ToolProvider.getSystemJavaCompiler()
                .run(null, null, null, "-d", classes.toString(), source.toString());
        assertThat(status).as("javac exit status").isZero();
    }
}
