package io.onex.host.api;

import io.onex.host.api.contract.ContractProblem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Signals {@link ErrorCode#CONTRACT_VALIDATION_ERROR}: a runtime host contract or node contract
 * that cannot be used. It carries every problem found, each naming its file and line.
 */
public final class ContractValidationException extends OnexException {
    private static final long serialVersionUID = 1L;

    private final transient List<ContractProblem> problems;

    /** Creates the exception from the problems found; at least one must be given. */
    public ContractValidationException(List<ContractProblem> problems) {
        super(ErrorCode.CONTRACT_VALIDATION_ERROR, render(problems), null);
        this.problems = List.copyOf(problems);
    }

    /** Returns the problems, in the order they were found. */
    public List<ContractProblem> problems() {
        return problems;
    }

    private static String render(List<ContractProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a contract validation error needs at least one problem");
        }
        return problems.stream().map(ContractProblem::render).collect(Collectors.joining("\n"));
    }
}
