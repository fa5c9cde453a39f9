package io.onex.health;

import io.onex.host.api.SecretResolutionException;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.SecretRef;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Secrets as the host's resolver serves them: one value per reference, kept in a cache until it
 * is refreshed, read from a source the test can change (rotation) or make unreachable. The health
 * module does not depend on the resolver itself; the wiring tests run the real one.
 */
final class CachedSecrets implements Secrets {

    private volatile String source;
    private volatile String cached;
    final AtomicInteger sourceReads = new AtomicInteger();

    CachedSecrets(String value) {
        this.source = value;
    }

    /** Changes the value at the source; the cache keeps the old one until a refresh. */
    void rotate(String value) {
        source = value;
    }

    /** Makes the source unreachable (null) and drops the cache, as a resolver with nothing cached. */
    void lose() {
        source = null;
        cached = null;
    }

    @Override
    public String apply(SecretRef ref) {
        String value = cached;
        return value != null ? value : refresh(ref);
    }

    @Override
    public String refresh(SecretRef ref) {
        sourceReads.incrementAndGet();
        String value = source;
        if (value == null) {
            throw new SecretResolutionException("no source has " + ref.reference());
        }
        cached = value;
        return value;
    }
}
