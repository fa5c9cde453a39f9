package io.onex.contract;

import io.onex.contract.Interpolator.Text;
import io.onex.contract.NodeContractReader.Loaded;
import io.onex.host.api.contract.HostedNode;
import io.onex.host.api.contract.HostedNode.Limits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads the hosted nodes: {@code runtime.nodes} (each a node contract path, a slug and limits)
 * and every node contract of {@code runtime.nodes_dir}. Slugs are unique across both.
 */
final class HostedNodesReader {

    static final List<String> ENTRY_KEYS = List.of("contract", "slug", "limits");
    static final List<String> LIMIT_KEYS = List.of("max_concurrent", "rate_per_second", "queue");

    private final LoadContext context;
    private final Path contractFile;
    private final NodeContractReader reader;
    private final Map<Path, Optional<Loaded>> cache = new HashMap<>();
    private final Map<String, String> slugOwners = new HashMap<>();

    HostedNodesReader(LoadContext context, Path contractFile, NodeContractReader reader) {
        this.context = context;
        this.contractFile = contractFile;
        this.reader = reader;
    }

    List<HostedNode> read(Fields runtime) {
        List<HostedNode> hosted = new ArrayList<>();
        readListed(runtime, hosted);
        readDirectory(runtime, hosted);
        return hosted;
    }

    private void readListed(Fields runtime, List<HostedNode> hosted) {
        List<Node> items = runtime.list("nodes", "[{ contract: nodes/echo.yaml }]").orElse(List.of());
        for (int i = 0; i < items.size(); i++) {
            String where = "runtime.nodes[" + i + "]";
            Optional<Fields> fields = Fields.of(context, items.get(i), where, ENTRY_KEYS);
            if (fields.isEmpty()) {
                continue;
            }
            Fields entry = fields.get();
            Optional<Node> pathNode = entry.required("contract", "contract: nodes/user_service_effect.yaml");
            Optional<Loaded> loaded = pathNode.flatMap(node -> Values.text(context, node, entry.label("contract"))
                    .filter(Text::complete).flatMap(path -> load(node, path.value())));
            Optional<String> slug = entry.matching("slug", NodeContractReader.NAME, NodeContractReader.NAME_RULE,
                    "user_service_effect", false).or(() -> loaded.map(node -> node.contract().name()));
            Limits limits = limits(entry);
            entry.finish();
            Node slugAt = entry.keyNode("slug").or(() -> entry.keyNode("contract")).orElse(entry.node());
            if (slug.isPresent() && claim(slug.get(), slugAt, where + " (line " + Values.line(slugAt) + ")")
                    && loaded.isPresent()) {
                hosted.add(new HostedNode(slug.get(), loaded.get().contract(), limits));
            }
        }
    }

    private void readDirectory(Fields runtime, List<HostedNode> hosted) {
        Optional<Node> node = runtime.take("nodes_dir");
        Optional<Text> written = node.flatMap(n -> Values.text(context, n, runtime.label("nodes_dir")))
                .filter(Text::complete);
        if (written.isEmpty()) {
            return;
        }
        Path folder = YamlFiles.resolveBeside(contractFile, written.get().value());
        List<Path> files;
        try {
            files = Files.isDirectory(folder) ? NodeRegistry.contractsIn(folder) : null;
        } catch (IOException e) {
            files = null;
        }
        if (files == null) {
            context.problems().error(node.get(), "nodes_dir '" + written.get().value() + "' is not a readable folder"
                    + " (looked for " + folder + ")", List.of(), "create the folder, or correct the path; it is"
                    + " relative to the folder of " + contractFile.getFileName());
            return;
        }
        if (files.isEmpty()) {
            context.problems().warning(node.get(), "nodes_dir '" + written.get().value() + "' holds no node contracts",
                    List.of(), "add *.yaml node contracts to " + folder + " (names starting with _ are skipped)");
        }
        Map<String, Path> byName = new HashMap<>();
        for (Path file : files) {
            Optional<Loaded> loaded = cached(file, () -> reader.read(file));
            if (loaded.isEmpty()) {
                continue;
            }
            String name = loaded.get().contract().name();
            Path first = byName.putIfAbsent(name, file);
            if (first != null) {
                context.problems().error(loaded.get().nameNode(), "node name '" + name + "' is used by two node"
                        + " contracts in nodes_dir: " + first.getFileName() + " and " + file.getFileName(), List.of(),
                        "rename one of them; nodes_dir hosts each node contract under its name");
            } else if (claim(name, loaded.get().nameNode(), "the node contract " + file + " of nodes_dir")) {
                hosted.add(new HostedNode(name, loaded.get().contract(), Limits.NONE));
            }
        }
    }

    /** Records {@code slug} for {@code owner}; reports it if another node already has it. */
    private boolean claim(String slug, Node at, String owner) {
        String previous = slugOwners.putIfAbsent(slug, owner);
        if (previous == null) {
            return true;
        }
        context.problems().error(at, "duplicate node slug '" + slug + "': already used by " + previous, List.of(),
                "give one of them another slug (slug: " + slug + "_2), or host the node contract only once,"
                        + " either in runtime.nodes or in nodes_dir");
        return false;
    }

    private Optional<Loaded> load(Node at, String written) {
        Path file = YamlFiles.resolveBeside(contractFile, written);
        if (!Files.isRegularFile(file)) {
            List<String> siblings = siblings(file);
            context.problems().error(at, "node contract '" + written + "' not found (looked for " + file + ")"
                    + Suggestions.didYouMean(file.getFileName().toString(), siblings), siblings,
                    "create the node contract, or correct the path; it is relative to the folder of "
                            + contractFile.getFileName());
            return Optional.empty();
        }
        return cached(file, () -> reader.read(file));
    }

    // A node contract hosted under several slugs is read, and its problems reported, once.
    private Optional<Loaded> cached(Path file, java.util.function.Supplier<Optional<Loaded>> read) {
        Path key = file.toAbsolutePath().normalize();
        Optional<Loaded> known = cache.get(key);
        if (known == null) {
            known = read.get();
            cache.put(key, known);
        }
        return known;
    }

    private static List<String> siblings(Path file) {
        Path folder = file.getParent() == null ? Path.of("") : file.getParent();
        try {
            return Files.isDirectory(folder) ? NodeRegistry.contractsIn(folder).stream()
                    .map(p -> p.getFileName().toString()).limit(20).toList() : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Limits limits(Fields entry) {
        return entry.mapping("limits", LIMIT_KEYS).map(limits -> {
            OptionalInt maxConcurrent = limits.integer("max_concurrent", 1, Integer.MAX_VALUE);
            OptionalDouble rate = limits.number("rate_per_second", 0, true, Double.MAX_VALUE);
            int queue = limits.integer("queue", Limits.DEFAULT_QUEUE, 0, Integer.MAX_VALUE);
            limits.finish();
            return new Limits(maxConcurrent, rate, queue);
        }).orElse(Limits.NONE);
    }
}
