package io.onex.host.api;

import io.onex.host.api.contract.SecretRef;
import java.util.function.Function;

/**
 * Resolves the {@code secret_ref}s of a handler's or a bus's configuration. It is the one way a
 * handler obtains a secret: handlers never read the environment, files or Vault for secrets
 * themselves.
 *
 * <p>Values may come from a cache. A component that is refused with a resolved value (an
 * authentication failure) asks for {@link #refresh(SecretRef)} once before it gives up, so a
 * rotated secret is picked up without a restart.
 */
@FunctionalInterface
public interface Secrets extends Function<SecretRef, String> {

    /**
     * Returns the value {@code ref} names, possibly from a cache.
     *
     * @throws SecretResolutionException naming the reference (never a value) when no source has it
     */
    @Override
    String apply(SecretRef ref);

    /**
     * Returns the value {@code ref} names read again from its source, bypassing and replacing any
     * cached value. The default reads through {@link #apply(SecretRef)}.
     *
     * @throws SecretResolutionException naming the reference (never a value) when no source has it
     */
    default String refresh(SecretRef ref) {
        return apply(ref);
    }
}
