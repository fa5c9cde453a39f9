package io.onex.compliance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Renders module descriptors as text and compares them with the snapshots checked in under
 * {@code compliance/src/test/resources/module-descriptors}, one {@code <module name>.txt} per
 * module, so that a change to what a module requires, exports or opens is a reviewed diff and not
 * an accident.
 */
final class DescriptorSnapshots {

    /** The system property that, when {@code true}, rewrites the snapshots from the compiled modules. */
    static final String UPDATE_PROPERTY = "onex.updateSnapshots";

    private static final String SUFFIX = ".txt";

    private DescriptorSnapshots() {
    }

    /**
     * Returns the descriptor as text: the module line, then one sorted line per {@code requires}
     * (with its modifiers), {@code exports} and {@code opens} (with their targets), {@code uses}
     * and {@code provides} (with its implementations). Compiled-in versions are left out so that
     * a JDK update does not change the text.
     */
    static String render(ModuleDescriptor descriptor) {
        List<String> lines = new ArrayList<>();
        lines.add((descriptor.isOpen() ? "open module " : "module ") + descriptor.name());
        descriptor.requires().stream()
                .sorted(Comparator.comparing(ModuleDescriptor.Requires::name))
                .map(requires -> "requires " + modifiers(requires.modifiers()) + requires.name())
                .forEach(lines::add);
        descriptor.exports().stream()
                .sorted(Comparator.comparing(ModuleDescriptor.Exports::source))
                .map(exports -> "exports " + exports.source() + targets(exports.targets()))
                .forEach(lines::add);
        descriptor.opens().stream()
                .sorted(Comparator.comparing(ModuleDescriptor.Opens::source))
                .map(opens -> "opens " + opens.source() + targets(opens.targets()))
                .forEach(lines::add);
        descriptor.uses().stream().sorted().map(service -> "uses " + service).forEach(lines::add);
        descriptor.provides().stream()
                .sorted(Comparator.comparing(ModuleDescriptor.Provides::service))
                .map(provides -> "provides " + provides.service() + " with " + String.join(", ", provides.providers()))
                .forEach(lines::add);
        return String.join("\n", lines) + "\n";
    }

    /**
     * Checks every module against its snapshot in {@code folder}.
     *
     * @throws AssertionError naming every module whose descriptor differs from its snapshot, has
     *                        none, or whose snapshot has no module any more, and saying how to
     *                        accept the change
     */
    static void check(Path folder, List<CompiledModule> modules) {
        List<String> differences = differences(folder, modules);
        if (!differences.isEmpty()) {
            throw new AssertionError("The compiled module descriptors differ from their snapshots in " + folder
                    + ":\n\n" + String.join("\n\n", differences) + "\n\n"
                    + "If the change is intended, rewrite the snapshots with\n"
                    + "    mvn -pl compliance -am test -D" + UPDATE_PROPERTY + "=true\n"
                    + "then review the diff of compliance/src/test/resources/module-descriptors and commit it "
                    + "with the change. If it is not intended, fix the module's module-info.java.");
        }
    }

    /** Rewrites the snapshots of {@code modules} in {@code folder} and deletes those of modules that are gone. */
    static void write(Path folder, List<CompiledModule> modules) {
        try {
            Files.createDirectories(folder);
            for (Path stale : snapshotFiles(folder)) {
                Files.delete(stale);
            }
            for (CompiledModule module : modules) {
                Files.writeString(folder.resolve(module.name() + SUFFIX), render(module.descriptor()),
                        StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> differences(Path folder, List<CompiledModule> modules) {
        List<String> differences = new ArrayList<>();
        for (CompiledModule module : modules) {
            Path snapshot = folder.resolve(module.name() + SUFFIX);
            String actual = render(module.descriptor());
            if (!Files.isRegularFile(snapshot)) {
                differences.add("Module <" + module.name() + "> (modules/" + module.folder() + ") has no snapshot "
                        + snapshot.getFileName() + "; it is:\n" + indent(actual));
                continue;
            }
            String expected = read(snapshot);
            if (!expected.equals(actual)) {
                differences.add("Module <" + module.name() + "> (modules/" + module.folder() + ") differs from "
                        + snapshot.getFileName() + " (- snapshot, + compiled):\n" + diff(expected, actual));
            }
        }
        Set<String> names = modules.stream().map(module -> module.name() + SUFFIX).collect(Collectors.toSet());
        for (Path file : snapshotFiles(folder)) {
            if (!names.contains(file.getFileName().toString())) {
                differences.add("Snapshot " + file.getFileName() + " belongs to no module of the build");
            }
        }
        return differences;
    }

    private static String read(Path snapshot) {
        try {
            // Tolerate a checkout that turned line ends into CRLF.
            return Files.readString(snapshot, StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> snapshotFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String diff(String expected, String actual) {
        List<String> before = expected.lines().toList();
        List<String> after = actual.lines().toList();
        Stream<String> removed = before.stream().filter(line -> !after.contains(line)).map(line -> "    - " + line);
        Stream<String> added = after.stream().filter(line -> !before.contains(line)).map(line -> "    + " + line);
        String lines = Stream.concat(removed, added).collect(Collectors.joining("\n"));
        // Same lines in another order: the snapshot was edited by hand.
        return lines.isEmpty() ? "    (same lines, different order or spacing)" : lines;
    }

    private static String indent(String text) {
        return text.lines().map(line -> "    " + line).collect(Collectors.joining("\n"));
    }

    private static String modifiers(Set<ModuleDescriptor.Requires.Modifier> modifiers) {
        return modifiers.stream().sorted()
                .map(modifier -> modifier.name().toLowerCase(Locale.ROOT) + " ")
                .collect(Collectors.joining());
    }

    private static String targets(Set<String> targets) {
        return targets.isEmpty() ? "" : " to " + String.join(", ", targets.stream().sorted().toList());
    }
}
