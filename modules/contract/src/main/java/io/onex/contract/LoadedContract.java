package io.onex.contract;

import io.onex.host.api.contract.ContractProblem;
import io.onex.host.api.contract.RuntimeContract;
import java.util.List;
import java.util.Objects;

/**
 * A runtime host contract that loaded without errors, with the warnings found on the way.
 *
 * @param contract the validated contract, its node contracts included
 * @param warnings problems that did not stop loading, in file and line order
 */
public record LoadedContract(RuntimeContract contract, List<ContractProblem> warnings) {

    public LoadedContract {
        Objects.requireNonNull(contract, "contract");
        warnings = List.copyOf(warnings);
    }
}
