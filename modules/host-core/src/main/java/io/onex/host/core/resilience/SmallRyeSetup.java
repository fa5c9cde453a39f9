package io.onex.host.core.resilience;

import io.smallrye.faulttolerance.standalone.Configuration;
import io.smallrye.faulttolerance.standalone.StandaloneFaultTolerance;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Configures SmallRye Fault Tolerance once per process, before the first guard is built: its
 * timer (which fires timeouts) and anything else it runs go on host-owned virtual threads
 * instead of its default pool of platform threads.
 */
final class SmallRyeSetup {

    private static boolean configured;

    private SmallRyeSetup() {
    }

    static synchronized void ensureConfigured() {
        if (configured) {
            return;
        }
        ExecutorService executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("onex-guard-", 0).factory());
        try {
            StandaloneFaultTolerance.configure(new Configuration() {
                @Override
                public ExecutorService executor() {
                    return executor;
                }

                @Override
                public void onShutdown() {
                    executor.shutdownNow();
                }
            });
        } catch (IllegalStateException e) {
            // Something else in this process configured SmallRye first (an embedding
            // application): its configuration stands, and ours is not needed.
            executor.shutdownNow();
        }
        configured = true;
    }
}
