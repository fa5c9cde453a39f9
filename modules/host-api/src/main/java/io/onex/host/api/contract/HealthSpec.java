package io.onex.host.api.contract;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The health server section of a runtime host contract.
 *
 * @param enabled whether the host serves health, metrics and ingress over HTTP
 * @param host    the address to listen on
 * @param port    the port to listen on; 0 picks a free one
 * @param ingress whether {@code POST /v1/envelopes} is served; when absent, on outside
 *                {@code prod} and off in it
 * @param stallLimit how long envelopes may wait with none answered before {@code /health/live}
 *                   reports the host stuck; when absent, the health server picks a default from
 *                   the binding timeouts
 * @param checkInterval how often the host checks each binding's dependency actively (one check
 *                      in flight per binding at most, each given at most this long)
 */
public record HealthSpec(boolean enabled, String host, int port, Optional<Boolean> ingress,
        Optional<Duration> stallLimit, Duration checkInterval) {

    /** How often bindings are checked when the contract does not say. */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(5);

    public HealthSpec {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(ingress, "ingress");
        Objects.requireNonNull(stallLimit, "stallLimit");
        Objects.requireNonNull(checkInterval, "checkInterval");
        if (checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalArgumentException("checkInterval must be positive: " + checkInterval);
        }
        if (stallLimit.isPresent() && (stallLimit.get().isNegative() || stallLimit.get().isZero())) {
            throw new IllegalArgumentException("stallLimit must be positive: " + stallLimit.get());
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
    }

    /** Returns a health section with the default check interval. */
    public HealthSpec(boolean enabled, String host, int port, Optional<Boolean> ingress,
            Optional<Duration> stallLimit) {
        this(enabled, host, port, ingress, stallLimit, DEFAULT_CHECK_INTERVAL);
    }

    /** Returns a health section without a stall limit of its own. */
    public HealthSpec(boolean enabled, String host, int port, Optional<Boolean> ingress) {
        this(enabled, host, port, ingress, Optional.empty());
    }
}
