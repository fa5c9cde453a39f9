package io.onex.host.api.contract;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The health server section of a runtime host contract.
 *
 * @param enabled    whether the host serves health, metrics and ingress over HTTP
 * @param host       the address to listen on
 * @param port       the port to listen on; 0 picks a free one
 * @param ingress    whether {@code POST /v1/envelopes} is served; when absent, on in {@code dev}
 *                   and off in every other environment
 * @param stallLimit how long envelopes may wait with none answered before {@code /health/live}
 *                   reports the host stuck; when absent, the health server picks a default from
 *                   the binding timeouts
 * @param auth       the bearer token that guards the ingress and {@code /health/handlers} (and,
 *                   if it says so, {@code /metrics}); empty leaves them open
 * @param limits     the caps on connections, request heads and slow clients
 * @param checkInterval how often the host checks each binding's dependency actively (one check
 *                      in flight per binding at most, each given at most this long)
 * @param readiness  what {@code /health/ready} of the whole host asks of the bindings
 */
public record HealthSpec(boolean enabled, String host, int port, Optional<Boolean> ingress,
        Optional<Duration> stallLimit, Optional<Auth> auth, Limits limits, Duration checkInterval,
        ReadinessMode readiness) {

    /** How often bindings are checked when the contract does not say. */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(5);

    public HealthSpec {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(ingress, "ingress");
        Objects.requireNonNull(stallLimit, "stallLimit");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(checkInterval, "checkInterval");
        Objects.requireNonNull(readiness, "readiness");
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

    /** Returns a health section whose readiness asks for the required bindings (the default). */
    public HealthSpec(boolean enabled, String host, int port, Optional<Boolean> ingress,
            Optional<Duration> stallLimit, Optional<Auth> auth, Limits limits, Duration checkInterval) {
        this(enabled, host, port, ingress, stallLimit, auth, limits, checkInterval, ReadinessMode.BINDINGS);
    }

    /** Returns a health section with a token and limits, and the default check interval. */
    public HealthSpec(boolean enabled, String host, int port, Optional<Boolean> ingress,
            Optional<Duration> stallLimit, Optional<Auth> auth, Limits limits) {
        this(enabled, host, port, ingress, stallLimit, auth, limits, DEFAULT_CHECK_INTERVAL);
    }

    /** Returns a health section with a check interval, no token and the default limits. */
    public HealthSpec(boolean enabled, String host, int port, Optional<Boolean> ingress,
            Optional<Duration> stallLimit, Duration checkInterval) {
        this(enabled, host, port, ingress, stallLimit, Optional.empty(), Limits.DEFAULTS, checkInterval);
    }

    /** Returns a health section with a stall limit, no token, the default limits and check interval. */
    public HealthSpec(boolean enabled, String host, int port, Optional<Boolean> ingress,
            Optional<Duration> stallLimit) {
        this(enabled, host, port, ingress, stallLimit, Optional.empty(), Limits.DEFAULTS, DEFAULT_CHECK_INTERVAL);
    }

    /** Returns a health section without a stall limit of its own, no token and the default limits. */
    public HealthSpec(boolean enabled, String host, int port, Optional<Boolean> ingress) {
        this(enabled, host, port, ingress, Optional.empty());
    }

    /**
     * The bearer token of the health server ({@code runtime.health.auth_token}), read through the
     * host's secret resolver on every check, so a rotated secret takes effect without a restart.
     *
     * @param token   where the token lives; the reference, never the value
     * @param metrics whether {@code /metrics} asks for the token too ({@code runtime.health.auth_metrics})
     */
    public record Auth(SecretRef token, boolean metrics) {

        public Auth {
            Objects.requireNonNull(token, "token");
        }
    }

    /**
     * The caps that keep clients from holding the health server.
     *
     * @param maxConnections the most TCP connections served at once; more wait to be accepted
     * @param maxHeaderBytes the largest request head (request line and headers) taken, in bytes
     * @param readTimeout    how long the server waits for the next byte of a request, and how
     *                       long a connection may sit without a request line; a client slower
     *                       than that is cut off
     */
    public record Limits(int maxConnections, int maxHeaderBytes, Duration readTimeout) {

        /** 64 connections, 8 KiB request heads, 10 s. */
        public static final Limits DEFAULTS = new Limits(64, 8 * 1024, Duration.ofSeconds(10));

        public Limits {
            Objects.requireNonNull(readTimeout, "readTimeout");
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
            }
            if (maxHeaderBytes < 256) {
                throw new IllegalArgumentException("maxHeaderBytes must be at least 256: " + maxHeaderBytes);
            }
            if (readTimeout.isNegative() || readTimeout.isZero()) {
                throw new IllegalArgumentException("readTimeout must be positive: " + readTimeout);
            }
        }
    }
}
