package io.onex.host.api.contract;

import java.time.Duration;
import java.util.Objects;

/**
 * The shutdown section of a runtime host contract.
 *
 * @param grace how long the host waits for in-flight envelopes when asked to stop
 */
public record ShutdownSpec(Duration grace) {

    public ShutdownSpec {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative");
        }
    }
}
