package io.onex.host.api.contract;

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
 */
public record HealthSpec(boolean enabled, String host, int port, Optional<Boolean> ingress) {

    public HealthSpec {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(ingress, "ingress");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
    }
}
