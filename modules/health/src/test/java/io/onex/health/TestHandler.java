package io.onex.health;

import io.onex.host.api.Handler;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.HandlerType;
import io.onex.host.api.Invocation;
import io.onex.host.core.HandlerRegistry;
import io.onex.testkit.DescribedHandlerTypes;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A handler whose behaviour, health and blocking each test scripts. */
final class TestHandler implements Handler {

    private final HandlerType type;
    volatile Function<Invocation, Map<String, Object>> behaviour = Invocation::payload;
    volatile boolean healthy = true;
    private volatile CountDownLatch gate;

    TestHandler(HandlerType type) {
        this.type = type;
    }

    /**
     * Returns the registry of the types {@link TestHost} binds, local and db, as
     * {@link DescribedHandlerTypes} describes them; the host gets its handlers from the test.
     */
    static HandlerRegistry registry() {
        return HandlerRegistry.of(DescribedHandlerTypes.factories("local", "db"));
    }

    /** Makes every call wait until {@link #release()} (bounded by 30 s). */
    TestHandler holdCalls() {
        gate = new CountDownLatch(1);
        return this;
    }

    void release() {
        CountDownLatch current = gate;
        gate = null;
        if (current != null) {
            current.countDown();
        }
    }

    @Override
    public Map<String, Object> execute(Invocation invocation) {
        CountDownLatch current = gate;
        if (current != null) {
            try {
                current.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return behaviour.apply(invocation);
    }

    @Override
    public HandlerHealth health() {
        return healthy ? HandlerHealth.healthy(Map.of("pool", "open"))
                : HandlerHealth.unhealthy(Map.of("pool", "connection refused"));
    }
}
