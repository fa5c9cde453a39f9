package io.onex.client.vault;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how a {@link VaultConnection} reaches Vault. The owner checks the values it reads from
 * its own configuration; this record only normalises them for the driver.
 *
 * @param owner       who connects, for messages, e.g. {@code vault binding 'secrets'}
 * @param address     Vault's {@code http(s)://host[:port]}; trailing slashes are removed
 * @param mountDepth  how many path segments the KV version 2 mount has, which the driver needs to
 *                    place {@code data/} in a path
 * @param namespace   the Vault Enterprise namespace, sent as {@code X-Vault-Namespace}
 * @param openTimeout how long to wait for a connection
 * @param readTimeout how long each request may wait for Vault's answer
 */
public record VaultEndpoint(String owner, String address, int mountDepth, Optional<String> namespace,
        Duration openTimeout, Duration readTimeout) {

    public VaultEndpoint {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(openTimeout, "openTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        while (address.endsWith("/")) {
            address = address.substring(0, address.length() - 1);
        }
        if (mountDepth < 1) {
            throw new IllegalArgumentException("the mount has at least one path segment; got " + mountDepth);
        }
        if (!openTimeout.isPositive() || !readTimeout.isPositive()) {
            throw new IllegalArgumentException("the Vault timeouts must be positive");
        }
    }

    /** Returns the read timeout in the whole seconds the driver takes, rounded up. */
    public int readTimeoutSeconds() {
        return wholeSeconds(readTimeout);
    }

    /** Returns the connect timeout in the whole seconds the driver takes, rounded up. */
    public int openTimeoutSeconds() {
        return wholeSeconds(openTimeout);
    }

    private static int wholeSeconds(Duration duration) {
        long millis = duration.toMillis();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (millis + 999) / 1000));
    }
}
