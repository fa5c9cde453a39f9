package io.onex.handler.db;

import io.onex.host.api.Secrets;
import io.onex.host.api.contract.SecretRef;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The password of a db binding, read through {@link Secrets} each time the pool opens a
 * connection, so a rotated password reaches new connections once the secret's cached value
 * expires. When the database refuses a login, {@link #refreshAfterRefusedLogin()} reads the
 * secret again from its source, bypassing the cache: a password rotated in Vault (or in a
 * Kubernetes secret volume) then works at once instead of after the cache lifetime.
 *
 * <p>Refreshes are spaced at least {@link #REFRESH_SPACING} apart, so a burst of calls refused at
 * the same moment asks the secret source once, not once per call.
 */
final class DbPassword {

    static final Duration REFRESH_SPACING = Duration.ofSeconds(1);

    private final Optional<SecretRef> reference;
    private final Secrets secrets;
    private final AtomicLong lastRefresh = new AtomicLong(System.nanoTime() - REFRESH_SPACING.toNanos());
    private volatile boolean lastRefreshChanged;

    private DbPassword(Optional<SecretRef> reference, Secrets secrets) {
        this.reference = Objects.requireNonNull(reference, "reference");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    /** Returns the password of a binding whose config holds {@code reference} (empty: no password). */
    static DbPassword of(Optional<SecretRef> reference, Secrets secrets) {
        return new DbPassword(reference, secrets);
    }

    /** Returns whether the binding logs in with a password at all. */
    boolean present() {
        return reference.isPresent();
    }

    /** Returns what the driver asks for the password each time it opens a connection. */
    Supplier<CharSequence> supplier() {
        SecretRef ref = reference.orElseThrow();
        return () -> secrets.apply(ref);
    }

    /**
     * Reads the password again from its source after the database refused a login. Returns
     * whether a call should be tried once more: the password read now differs from the one just
     * refused (or another refused call read a different one moments ago).
     */
    boolean refreshAfterRefusedLogin() {
        if (reference.isEmpty()) {
            return false;
        }
        long now = System.nanoTime();
        long last = lastRefresh.get();
        if (now - last < REFRESH_SPACING.toNanos() || !lastRefresh.compareAndSet(last, now)) {
            return lastRefreshChanged; // another call has just refreshed it
        }
        boolean changed;
        try {
            String refused = secrets.apply(reference.get());
            changed = !secrets.refresh(reference.get()).equals(refused);
        } catch (RuntimeException e) {
            // The source cannot say anything new now; the caller reports the refused login.
            changed = false;
        }
        lastRefreshChanged = changed;
        return changed;
    }

    @Override
    public String toString() {
        return reference.map(ref -> "DbPassword[" + ref + "]").orElse("DbPassword[none]");
    }
}
