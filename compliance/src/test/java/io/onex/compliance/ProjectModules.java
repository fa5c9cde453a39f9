package io.onex.compliance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the project's root folder and reads the compiled descriptor of every module under
 * {@code modules/} from its {@code target/classes} folder.
 */
final class ProjectModules {

    /** How many folders up from the compliance module the search for the project root goes. */
    private static final int MAX_DEPTH = 8;

    private ProjectModules() {
    }

    /**
     * Returns the project root: the nearest folder, from the compliance module's folder upwards,
     * that holds a {@code pom.xml} and a {@code modules} folder.
     */
    static Path root() {
        // Surefire sets basedir to the module's folder; a run from an IDE starts in it as well.
        Path start = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path candidate = start;
        for (int depth = 0; depth < MAX_DEPTH && candidate != null; depth++, candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("pom.xml")) && Files.isDirectory(candidate.resolve("modules"))) {
                return candidate;
            }
        }
        throw new AssertionError("No project root (a folder with pom.xml and modules/) above " + start);
    }

    /** Returns the snapshot folder, {@code compliance/src/test/resources/module-descriptors}. */
    static Path snapshotFolder() {
        return root().resolve("compliance/src/test/resources/module-descriptors");
    }

    /**
     * Returns every module under {@code modules/} (each folder with a {@code pom.xml}), in folder
     * order, read from its compiled classes.
     *
     * @throws AssertionError when a module has not been compiled or has no module-info
     */
    static List<CompiledModule> compiled() {
        return compiled(root());
    }

    /** Returns every module under {@code root/modules}, as {@link #compiled()} does for the project. */
    static List<CompiledModule> compiled(Path root) {
        Path modules = root.resolve("modules");
        List<CompiledModule> found = new ArrayList<>();
        for (Path folder : moduleFolders(modules)) {
            found.add(read(folder));
        }
        return List.copyOf(found);
    }

    private static List<Path> moduleFolders(Path modules) {
        try (Stream<Path> children = Files.list(modules)) {
            return children.filter(child -> Files.isRegularFile(child.resolve("pom.xml"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CompiledModule read(Path folder) {
        Path classes = folder.resolve("target/classes");
        if (!Files.isRegularFile(classes.resolve("module-info.class"))) {
            throw new AssertionError("Module folder modules/" + folder.getFileName() + " has no compiled "
                    + "module-info.class in " + classes + ". Every module is a named JPMS module and the "
                    + "compliance suite checks them all: give it a module-info.java, add it to "
                    + "compliance/pom.xml as a test dependency so that the reactor builds it before the "
                    + "compliance module, and run mvn -pl compliance -am test");
        }
        Set<ModuleReference> references = ModuleFinder.of(classes).findAll();
        if (references.size() != 1) {
            throw new AssertionError("Expected one module in " + classes + " but found " + references.size());
        }
        return new CompiledModule(folder.getFileName().toString(), references.iterator().next().descriptor());
    }
}
