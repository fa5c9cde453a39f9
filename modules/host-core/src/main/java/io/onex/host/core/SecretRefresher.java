package io.onex.host.core;

import io.onex.host.api.Secrets;
import io.onex.host.api.contract.SecretRef;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a handler's credentials again from their source after the far side refused them (a
 * database login refused, an HTTP 401), so a rotated secret is picked up at once instead of after
 * its cache lifetime, and says whether the refused call is worth trying once more: only when a
 * value changed.
 *
 * <p>Refreshes are spaced at least {@link #SPACING} apart: a burst of calls refused at the same
 * moment asks the secret source once, and the calls of that burst follow its verdict.
 */
public final class SecretRefresher {

    /** The least time between two refreshes. */
    public static final Duration SPACING = Duration.ofSeconds(1);

    private final List<SecretRef> references;
    private final Secrets secrets;
    private final AtomicLong lastRefresh = new AtomicLong(System.nanoTime() - SPACING.toNanos());
    private volatile boolean lastRefreshChanged;

    /** Returns a refresher of {@code references} (duplicates are read once), read through {@code secrets}. */
    public SecretRefresher(Secrets secrets, Collection<SecretRef> references) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.references = references.stream().distinct().toList();
    }

    /**
     * Reads every reference again from its source after a refusal. Returns whether the refused
     * call should be tried once more: a value changed now, or another refused call refreshed them
     * moments ago and a value changed then.
     */
    public boolean refreshAfterRefusal() {
        if (references.isEmpty()) {
            return false;
        }
        long now = System.nanoTime();
        long last = lastRefresh.get();
        if (now - last < SPACING.toNanos() || !lastRefresh.compareAndSet(last, now)) {
            return lastRefreshChanged;
        }
        boolean changed = false;
        for (SecretRef reference : references) {
            try {
                String refused = secrets.apply(reference);
                changed |= !secrets.refresh(reference).equals(refused);
            } catch (RuntimeException e) {
                // The source cannot say anything new now; the caller reports the refusal.
            }
        }
        lastRefreshChanged = changed;
        return changed;
    }
}
