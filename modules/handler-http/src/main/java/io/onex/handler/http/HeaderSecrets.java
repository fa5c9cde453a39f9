package io.onex.handler.http;

import io.onex.host.api.SecretResolutionException;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.SecretRef;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The secret values of a binding's {@code default_headers}: read through {@link Secrets} for every
 * request (the resolver caches them, so a rotated value arrives once its cache lifetime ends),
 * and read again from their source, bypassing the cache, when the server answers 401.
 *
 * <p>Refreshes are spaced at least {@link #REFRESH_SPACING} apart, so a burst of calls refused at
 * the same moment asks the secret source once, not once per call.
 */
final class HeaderSecrets {

    static final Duration REFRESH_SPACING = Duration.ofSeconds(1);

    private final List<SecretRef> references;
    private final Secrets secrets;
    private final AtomicLong lastRefresh = new AtomicLong(System.nanoTime() - REFRESH_SPACING.toNanos());
    private volatile boolean lastRefreshChanged;

    HeaderSecrets(List<HttpSettings.DefaultHeader> headers, Secrets secrets) {
        this.references = headers.stream().flatMap(header -> header.reference().stream()).distinct().toList();
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    /** Returns the value to send for {@code header} now. */
    String value(HttpSettings.DefaultHeader header) {
        return header.reference().map(secrets).orElse(header.value());
    }

    /**
     * Reads every secret header again from its source after the server refused a request with
     * 401. Returns whether the request should be sent once more: a value changed now, or another
     * refused call refreshed them moments ago and a value changed then.
     */
    boolean refreshAfterRefusal() {
        if (references.isEmpty()) {
            return false;
        }
        long now = System.nanoTime();
        long last = lastRefresh.get();
        if (now - last < REFRESH_SPACING.toNanos() || !lastRefresh.compareAndSet(last, now)) {
            return lastRefreshChanged; // another call has just refreshed them
        }
        boolean changed = false;
        for (SecretRef reference : references) {
            try {
                String before = secrets.apply(reference);
                changed |= !secrets.refresh(reference).equals(before);
            } catch (SecretResolutionException e) {
                // The source cannot say anything new now; the caller returns the server's 401.
            }
        }
        lastRefreshChanged = changed;
        return changed;
    }
}
