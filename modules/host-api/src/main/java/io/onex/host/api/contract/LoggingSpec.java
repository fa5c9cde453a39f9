package io.onex.host.api.contract;

/**
 * The logging section of a runtime host contract.
 *
 * @param failedEnvelopesPerSecond how many {@code warn} lines about failed envelopes the host
 *                                 writes per second at most, on average ({@code 0}: none, only
 *                                 the count of the lines left out)
 * @param failedEnvelopesBurst     how many such lines it may write at once after a quiet spell
 */
public record LoggingSpec(double failedEnvelopesPerSecond, int failedEnvelopesBurst) {

    /** The rate of failed-envelope lines when the contract sets none. */
    public static final double DEFAULT_FAILED_ENVELOPES_PER_SECOND = 10;
    /** The burst of failed-envelope lines when the contract sets none. */
    public static final int DEFAULT_FAILED_ENVELOPES_BURST = 20;

    public LoggingSpec {
        if (!(failedEnvelopesPerSecond >= 0) || Double.isInfinite(failedEnvelopesPerSecond)) {
            throw new IllegalArgumentException("failed_envelopes_per_second must be a number of at least 0, not "
                    + failedEnvelopesPerSecond);
        }
        if (failedEnvelopesBurst < 1) {
            throw new IllegalArgumentException("failed_envelopes_burst must be at least 1, not "
                    + failedEnvelopesBurst);
        }
    }

    /** Returns the settings of a contract without a logging section. */
    public static LoggingSpec defaults() {
        return new LoggingSpec(DEFAULT_FAILED_ENVELOPES_PER_SECOND, DEFAULT_FAILED_ENVELOPES_BURST);
    }
}
