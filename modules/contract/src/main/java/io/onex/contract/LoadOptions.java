package io.onex.contract;

/**
 * How strictly the {@link ContractLoader} reads contracts.
 *
 * @param lenient      report unknown fields as warnings instead of errors
 * @param validateOnly report unset {@code ${VAR}} variables as warnings and keep the text as
 *                     written, for validating contracts where the host's environment is absent
 *                     (for example in CI)
 */
public record LoadOptions(boolean lenient, boolean validateOnly) {

    /** Returns the default options: unknown fields and unset variables are errors. */
    public static LoadOptions strict() {
        return new LoadOptions(false, false);
    }

    /** Returns these options with unknown fields reported as warnings, or as errors. */
    public LoadOptions withLenient(boolean value) {
        return new LoadOptions(value, validateOnly);
    }

    /** Returns these options with unset variables reported as warnings, or as errors. */
    public LoadOptions withValidateOnly(boolean value) {
        return new LoadOptions(lenient, value);
    }
}
