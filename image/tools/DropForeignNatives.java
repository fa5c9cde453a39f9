import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Removes native libraries for other systems from library jars before they are linked: zstd-jni,
 * snappy-java and lz4-java carry one per platform (about 25 MB together), and the runtime image runs
 * only on the system it was linked for.
 *
 * <p>Usage: {@code java DropForeignNatives.java JAR_DIR REGEX}: every entry of every jar in
 * {@code JAR_DIR} whose path (no leading slash) matches {@code REGEX} is deleted, and so is every
 * directory left empty, so that no package is left without content. Prints one line per jar changed.
 */
public final class DropForeignNatives {

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java DropForeignNatives.java JAR_DIR REGEX");
            System.exit(2);
        }
        Pattern foreign = Pattern.compile(args[1]);
        List<Path> jars;
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
        for (Path jar : jars) {
            int dropped = 0;
            try (FileSystem zip = FileSystems.newFileSystem(jar)) {
                Path root = zip.getPath("/");
                List<Path> entries;
                try (Stream<Path> walk = Files.walk(root)) {
                    entries = walk.sorted(Comparator.reverseOrder()).toList();
                }
                for (Path entry : entries) {
                    String name = root.relativize(entry).toString();
                    if (Files.isRegularFile(entry) && foreign.matcher(name).matches()) {
                        Files.delete(entry);
                        dropped++;
                    } else if (dropped > 0 && Files.isDirectory(entry) && !name.isEmpty() && isEmpty(entry)) {
                        Files.delete(entry);
                    }
                }
            }
            if (dropped > 0) {
                System.out.println(jar.getFileName() + ": " + dropped + " native libraries for other systems removed");
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.findAny().isEmpty();
        }
    }
}
