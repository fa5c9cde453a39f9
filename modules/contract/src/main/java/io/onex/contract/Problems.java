package io.onex.contract;

import io.onex.host.api.contract.ContractProblem;
import io.onex.host.api.contract.ContractProblem.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Collects the problems of one load. A problem about a YAML node takes its file, line and
 * column from the node's start mark, whose label is the file it was read from, so nodes merged
 * in from another file still point at the right place.
 */
final class Problems {

    private final List<ContractProblem> found = new ArrayList<>();
    private final Map<String, Path> filesByLabel = new HashMap<>();
    private final List<Path> fileOrder = new ArrayList<>();

    /** Records that {@code file} is being read and the label its marks carry. */
    void noteFile(Path file) {
        if (filesByLabel.putIfAbsent(file.toString(), file) == null) {
            fileOrder.add(file);
        }
    }

    void error(Node at, String problem, List<String> validChoices, String fix) {
        report(Severity.ERROR, at, problem, validChoices, fix);
    }

    void warning(Node at, String problem, List<String> validChoices, String fix) {
        report(Severity.WARNING, at, problem, validChoices, fix);
    }

    void report(Severity severity, Node at, String problem, List<String> validChoices, String fix) {
        Optional<Mark> mark = at.getStartMark();
        Path file = mark.map(m -> filesByLabel.getOrDefault(m.getName(), Path.of(m.getName()))).orElse(null);
        int line = mark.map(m -> m.getLine() + 1).orElse(0);
        int column = mark.map(m -> m.getColumn() + 1).orElse(0);
        add(new ContractProblem(severity, file, line, column, problem, validChoices, fix));
    }

    /** Records an error about a whole file, or a place in it found without a node. */
    void errorAt(Path file, int line, int column, String problem, List<String> validChoices, String fix) {
        add(ContractProblem.error(file, line, column, problem, validChoices, fix));
    }

    void warningAt(Path file, int line, int column, String problem, List<String> validChoices, String fix) {
        add(ContractProblem.warning(file, line, column, problem, validChoices, fix));
    }

    // A value reached through several aliases is read several times; report each problem once.
    private void add(ContractProblem problem) {
        if (!found.contains(problem)) {
            found.add(problem);
        }
    }

    boolean hasErrors() {
        return found.stream().anyMatch(p -> p.severity() == Severity.ERROR);
    }

    /** Returns every problem, ordered by file (in the order files were read), line and column. */
    List<ContractProblem> all() {
        Comparator<ContractProblem> order = Comparator
                .comparingInt((ContractProblem p) -> fileRank(p.file()))
                .thenComparingInt(ContractProblem::line)
                .thenComparingInt(ContractProblem::column);
        return found.stream().sorted(order).toList();
    }

    /** Returns the warnings, in the same order as {@link #all()}. */
    List<ContractProblem> warnings() {
        return all().stream().filter(p -> p.severity() == Severity.WARNING).toList();
    }

    private int fileRank(Path file) {
        int rank = fileOrder.indexOf(file);
        return rank < 0 ? fileOrder.size() : rank;
    }
}
