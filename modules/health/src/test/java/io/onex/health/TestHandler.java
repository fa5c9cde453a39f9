package io.onex.health;

import io.onex.host.api.Handler;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.HandlerType;
import io.onex.host.api.Invocation;
import java.util.List;
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
    public HandlerType handlerType() {
        return type;
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

    @Override
    public HandlerDescription describe() {
        return new HandlerDescription(type, "test", List.of());
    }
}
