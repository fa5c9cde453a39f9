package io.onex.contract;

import io.onex.host.api.contract.ContractProblem.Severity;
import io.onex.host.core.HandlerRegistry;

/**
 * What every reader of one load shares: the options, the registered handler types, the problems
 * found and the interpolator.
 */
final class LoadContext {

    private final LoadOptions options;
    private final HandlerRegistry handlers;
    private final Problems problems = new Problems();
    private final Interpolator interpolator;

    LoadContext(LoadOptions options, ValueResolver resolver, HandlerRegistry handlers) {
        this.options = options;
        this.handlers = handlers;
        this.interpolator = new Interpolator(resolver, options.validateOnly(), problems);
    }

    LoadOptions options() {
        return options;
    }

    /** Returns the handler types bindings may have, with their schemas, operations and checks. */
    HandlerRegistry handlers() {
        return handlers;
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
