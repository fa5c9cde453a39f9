package io.onex.contract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Applies YAML {@code <<} merge keys to a composed tree and reports duplicate and non-text keys.
 * Keys written in a mapping win over merged ones; of several merged mappings the earlier wins.
 * Merged values keep their own marks, so problems in them point to where they were written.
 */
final class MergeKeys {

    /** The tag a {@code <<} key carries until it is merged (the engine is kept from merging it). */
    static final Tag MERGE_KEY = new Tag("tag:onex.io,2026:merge");

    private final Problems problems;
    private final Set<Node> done = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Node> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());

    private MergeKeys(Problems problems) {
        this.problems = problems;
    }

    /** Merges every {@code <<} key under {@code root}, in place. */
    static void resolve(Problems problems, Node root) {
        new MergeKeys(problems).visit(root);
    }

    private void visit(Node node) {
        // Aliases share nodes and may even point back to an ancestor: visit each node once.
        if (done.contains(node) || !inProgress.add(node)) {
            return;
        }
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                visit(tuple.getValueNode());
            }
            merge(mapping);
        } else if (node instanceof SequenceNode sequence) {
            for (Node child : sequence.getValue()) {
                visit(child);
            }
        }
        inProgress.remove(node);
        done.add(node);
    }

    private void merge(MappingNode mapping) {
        List<NodeTuple> own = new ArrayList<>();
        List<MappingNode> sources = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (MERGE_KEY.equals(key.getTag())) {
                collectSources(tuple.getValueNode(), sources);
            } else if (key instanceof ScalarNode scalar) {
                Node first = seen.putIfAbsent(scalar.getValue(), key);
                if (first == null) {
                    own.add(tuple);
                } else {
                    problems.error(key, "duplicate key '" + scalar.getValue() + "' (first at line "
                            + Values.line(first) + ")", List.of(), "remove one of the two; YAML keys are unique");
                }
            } else {
                problems.error(key, "a key must be a plain name, found " + Values.describe(key), List.of(),
                        "write the key as text, e.g. name:");
            }
        }
        if (sources.isEmpty() && own.size() == mapping.getValue().size()) {
            return;
        }
        List<NodeTuple> merged = new ArrayList<>(own);
        for (MappingNode source : sources) {
            for (NodeTuple tuple : source.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key && !seen.containsKey(key.getValue())) {
                    seen.put(key.getValue(), key);
                    merged.add(tuple);
                }
            }
        }
        mapping.setValue(merged);
    }

    private void collectSources(Node value, List<MappingNode> sources) {
        if (value instanceof MappingNode source) {
            addSource(source, sources);
        } else if (value instanceof SequenceNode list && list.getValue().stream().allMatch(MappingNode.class::isInstance)) {
            for (Node item : list.getValue()) {
                addSource((MappingNode) item, sources);
            }
        } else {
            problems.error(value, "the << merge key takes a mapping or a list of mappings, found "
                    + Values.describe(value), List.of(), "merge an anchored mapping: <<: *defaults");
        }
    }

    private void addSource(MappingNode source, List<MappingNode> sources) {
        if (inProgress.contains(source)) {
            problems.error(source, "a mapping cannot merge itself or a mapping that contains it", List.of(),
                    "merge an anchor defined outside the mapping, e.g. <<: *defaults");
            return;
        }
        sources.add(source);
    }
}
