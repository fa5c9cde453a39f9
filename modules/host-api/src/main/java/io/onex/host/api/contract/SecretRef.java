package io.onex.host.api.contract;

import java.util.Objects;

/**
 * A reference to a secret, written {@code { secret_ref: "..." }} in a contract. The reference
 * names where the value lives, never the value: {@code "vault/path#key"} (Vault KV v2),
 * {@code "env:NAME"} (environment) or {@code "file:/path"} (a file, e.g. a Kubernetes secret
 * volume).
 *
 * @param reference the reference text
 */
public record SecretRef(String reference) {

    /** Where a referenced secret lives. */
    public enum Source {
        VAULT,
        ENV,
        FILE
    }

    public SecretRef {
        Objects.requireNonNull(reference, "reference");
        if (reference.isBlank()) {
            throw new IllegalArgumentException("a secret_ref must not be blank");
        }
    }

    /** Returns where the secret lives, read from the reference's prefix. */
    public Source source() {
        if (reference.startsWith("env:")) {
            return Source.ENV;
        }
        if (reference.startsWith("file:")) {
            return Source.FILE;
        }
        return Source.VAULT;
    }

    @Override
    public String toString() {
        return "secret_ref(" + reference + ")";
    }
}
