package io.onex.contract;

import java.util.List;

/**
 * One broken rule about a value, before it is placed at a line.
 *
 * @param problem      what is wrong
 * @param validChoices the valid choices, if a closed set applies
 * @param fix          what to write instead
 */
record RuleViolation(String problem, List<String> validChoices, String fix) {

    RuleViolation {
        validChoices = List.copyOf(validChoices);
    }
}
