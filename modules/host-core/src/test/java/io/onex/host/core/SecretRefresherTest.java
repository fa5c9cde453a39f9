package io.onex.host.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.SecretResolutionException;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.SecretRef;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SecretRefresherTest {

    private static final SecretRef TOKEN = new SecretRef("env:TOKEN");

    /** A store with a cache in front: apply answers from the cache, refresh re-reads the store. */
    private final AtomicReference<String> store = new AtomicReference<>("old");
    private final AtomicReference<String> cache = new AtomicReference<>("old");
    private final AtomicInteger refreshes = new AtomicInteger();
    private final Secrets secrets = new Secrets() {
        @Override
        public String apply(SecretRef ref) {
            return cache.get();
        }

        @Override
        public String refresh(SecretRef ref) {
            refreshes.incrementAndGet();
            if (store.get() == null) {
                throw new SecretResolutionException("secret " + ref + " is gone");
            }
            cache.set(store.get());
            return cache.get();
        }
    };

    @Test
    void aChangedValueIsWorthAnotherTryAndABurstAsksTheSourceOnce() {
        SecretRefresher refresher = new SecretRefresher(secrets, List.of(TOKEN, TOKEN));
        store.set("new");

        assertThat(refresher.refreshAfterRefusal()).isTrue();
        assertThat(refresher.refreshAfterRefusal()).as("the same burst").isTrue();
        assertThat(refreshes).hasValue(1);
    }

    @Test
    void anUnchangedOrUnreadableValueIsNotWorthAnotherTry() {
        assertThat(new SecretRefresher(secrets, List.of(TOKEN)).refreshAfterRefusal()).isFalse();

        store.set(null);
        assertThat(new SecretRefresher(secrets, List.of(TOKEN)).refreshAfterRefusal()).isFalse();
    }

    @Test
    void withoutReferencesThereIsNothingToRefresh() {
        assertThat(new SecretRefresher(secrets, List.of()).refreshAfterRefusal()).isFalse();
        assertThat(refreshes).hasValue(0);
    }
}
