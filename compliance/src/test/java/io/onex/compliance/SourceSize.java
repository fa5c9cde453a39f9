package io.onex.compliance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the lines of the project's main source files: every {@code .java} file under a
 * {@code src/main/java} folder, in every module, the harnesses (perf, chaos, image) and the
 * examples included; build output ({@code target}) and hidden folders are skipped.
 */
final class SourceSize {

    /** The most lines a main source file may have (issue #17): a longer one does several things. */
    static final int MAX_LINES = 400;

    private SourceSize() {
    }

    /** Returns each main source file under {@code root} with its line count, by its path from {@code root}. */
    static Map<String, Long> mainSourceLines(Path root) {
        Map<String, Long> lines = new TreeMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    boolean skipped = !dir.equals(root) && (name.equals("target") || name.startsWith("."));
                    return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    String path = root.relativize(file).toString().replace('\\', '/');
                    if (path.endsWith(".java") && path.contains("src/main/java/")) {
                        try (var stream = Files.lines(file)) {
                            lines.put(path, stream.count());
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** Returns "path (N lines)" for each file in {@code lines} over {@link #MAX_LINES} and not in {@code allowed}. */
    static List<String> oversized(Map<String, Long> lines, List<String> allowed) {
        List<String> found = new ArrayList<>();
        lines.forEach((path, count) -> {
            if (count > MAX_LINES && !allowed.contains(path)) {
                found.add(path + " (" + count + " lines)");
            }
        });
        return found;
    }
}
