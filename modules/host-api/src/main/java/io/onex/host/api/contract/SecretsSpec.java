package io.onex.host.api.contract;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The secrets section of a runtime host contract: where {@code secret_ref}s written as
 * {@code "path#key"} are looked up, and how long resolved values are kept.
 *
 * @param order          the sources a {@code "path#key"} reference is tried in, first match wins;
 *                       {@code env:} and {@code file:} references name their source themselves
 * @param cacheTtl       how long a resolved value is served from memory before it is read again;
 *                       zero reads the source every time
 * @param filesDirectory the folder the file source reads {@code <path>/<key>} from (a Kubernetes
 *                       secret volume)
 * @param vault          the Vault KV version 2 source, when one is configured
 */
public record SecretsSpec(List<SecretRef.Source> order, Duration cacheTtl, Path filesDirectory,
        Optional<VaultSource> vault) {

    /** The order used when the contract names none: Vault, then the environment, then files. */
    public static final List<SecretRef.Source> DEFAULT_ORDER =
            List.of(SecretRef.Source.VAULT, SecretRef.Source.ENV, SecretRef.Source.FILE);

    /** The cache lifetime used when the contract names none. */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);

    /** The secret volume folder used when the contract names none. */
    public static final Path DEFAULT_FILES_DIRECTORY = Path.of("/var/run/secrets/onex");

    public SecretsSpec {
        order = List.copyOf(order);
        if (order.isEmpty() || order.size() != order.stream().distinct().count()) {
            throw new IllegalArgumentException("the secret source order must name each source at most once: " + order);
        }
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("cacheTtl must not be negative: " + cacheTtl);
        }
        Objects.requireNonNull(filesDirectory, "filesDirectory");
        if (!filesDirectory.isAbsolute()) {
            throw new IllegalArgumentException("filesDirectory must be absolute: " + filesDirectory);
        }
        Objects.requireNonNull(vault, "vault");
    }

    /** Returns the settings used when a contract has no secrets section and no Vault binding. */
    public static SecretsSpec defaults() {
        return new SecretsSpec(DEFAULT_ORDER, DEFAULT_CACHE_TTL, DEFAULT_FILES_DIRECTORY, Optional.empty());
    }

    /**
     * Where the Vault source reads. Its token is itself a reference to the environment or a file,
     * so the token can rotate without a contract change.
     *
     * @param address     the Vault address, e.g. {@code https://vault.example.com:8200}
     * @param token       the reference to the Vault token ({@code env:} or {@code file:})
     * @param mount       the KV version 2 mount that {@code "path#key"} paths are relative to
     * @param namespace   the Vault Enterprise namespace, if any
     * @param openTimeout how long to wait for a connection
     * @param readTimeout how long to wait for an answer
     * @param origin      where these settings come from in the contract, for messages and
     *                    {@code describe}, e.g. {@code runtime.secrets.vault}
     */
    public record VaultSource(String address, SecretRef token, String mount, Optional<String> namespace,
            Duration openTimeout, Duration readTimeout, String origin) {

        public VaultSource {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(token, "token");
            if (token.source() == SecretRef.Source.VAULT) {
                throw new IllegalArgumentException("the Vault token must come from env: or file:, not from Vault");
            }
            Objects.requireNonNull(mount, "mount");
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(openTimeout, "openTimeout");
            Objects.requireNonNull(readTimeout, "readTimeout");
            Objects.requireNonNull(origin, "origin");
        }
    }
}
