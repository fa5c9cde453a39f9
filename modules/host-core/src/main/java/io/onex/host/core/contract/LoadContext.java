package io.onex.host.core.contract;

import io.onex.host.api.contract.ContractProblem.Severity;

/** What every reader of one load shares: the options, the problems found and the interpolator. */
final class LoadContext {

    private final LoadOptions options;
    private final Problems problems = new Problems();
    private final Interpolator interpolator;

    LoadContext(LoadOptions options, ValueResolver resolver) {
        this.options = options;
        this.interpolator = new Interpolator(resolver, options.validateOnly(), problems);
    }

    LoadOptions options() {
        return options;
    }

    Problems problems() {
        return problems;
    }

    Interpolator interpolator() {
        return interpolator;
    }

    /** Returns how an unknown field is reported under the current options. */
    Severity unknownFieldSeverity() {
        return options.lenient() ? Severity.WARNING : Severity.ERROR;
    }
}
