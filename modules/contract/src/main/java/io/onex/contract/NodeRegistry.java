package io.onex.contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The file registry behind {@code runtime.nodes_dir}: every {@code *.yaml} and {@code *.yml}
 * file directly in a folder is a node contract, except names starting with {@code _} (drafts).
 * Files are taken in file-name order so that loading is the same on every machine.
 */
final class NodeRegistry {

    private NodeRegistry() {
    }

    /** Returns whether {@code file} is a node contract the registry hosts. */
    static boolean isContract(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith("_") && (name.endsWith(".yaml") || name.endsWith(".yml")) && Files.isRegularFile(file);
    }

    /** Returns the node contracts in {@code folder}, sorted by file name; not recursive. */
    static List<Path> contractsIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(NodeRegistry::isContract)
                    .sorted(Comparator.comparing(file -> file.getFileName().toString()))
                    .toList();
        }
    }
}
