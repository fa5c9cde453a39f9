package io.onex.host.api.contract;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One problem found in a contract: where it is, what is wrong, the valid choices and the fix.
 *
 * @param severity     whether loading fails ({@code ERROR}) or goes on ({@code WARNING})
 * @param file         the contract file, or {@code null} when the problem has no file
 * @param line         the 1-based line, or 0 when unknown
 * @param column       the 1-based column, or 0 when unknown
 * @param problem      what is wrong
 * @param validChoices the values that would be accepted, possibly empty
 * @param fix          what to do about it, possibly empty
 */
public record ContractProblem(Severity severity, Path file, int line, int column, String problem,
        List<String> validChoices, String fix) {

    /** Whether a problem stops loading. */
    public enum Severity {
        ERROR,
        WARNING
    }

    public ContractProblem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(problem, "problem");
        validChoices = List.copyOf(validChoices);
        Objects.requireNonNull(fix, "fix");
    }

    /** Returns an error. */
    public static ContractProblem error(Path file, int line, int column, String problem,
            List<String> validChoices, String fix) {
        return new ContractProblem(Severity.ERROR, file, line, column, problem, validChoices, fix);
    }

    /** Returns a warning. */
    public static ContractProblem warning(Path file, int line, int column, String problem,
            List<String> validChoices, String fix) {
        return new ContractProblem(Severity.WARNING, file, line, column, problem, validChoices, fix);
    }

    /**
     * Renders the problem the way compilers do, e.g.
     * <pre>
     * examples/runtime.yaml:12:7: error: unknown handler type 'htp'
     *   valid choices: local, http, db, vault, consul
     *   fix: set type to one of the valid choices
     * </pre>
     */
    public String render() {
        StringBuilder text = new StringBuilder();
        text.append(file == null ? "<contract>" : file.toString());
        if (line > 0) {
            text.append(':').append(line);
            if (column > 0) {
                text.append(':').append(column);
            }
        }
        text.append(": ").append(severity == Severity.ERROR ? "error" : "warning").append(": ").append(problem);
        if (!validChoices.isEmpty()) {
            text.append("\n  valid choices: ").append(String.join(", ", validChoices));
        }
        if (!fix.isEmpty()) {
            text.append("\n  fix: ").append(fix);
        }
        return text.toString();
    }
}
