package io.onex.host.core.runtime;

import io.onex.host.api.Handler;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.HandlerType;
import io.onex.host.api.Invocation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A handler for host tests whose behaviour each test scripts: it records every invocation, can
 * block until released (to hold envelopes in flight), and counts lifecycle calls.
 */
final class ScriptedHandler implements Handler {

    final HandlerType type;
    final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    final AtomicInteger initializations = new AtomicInteger();
    final AtomicInteger shutdowns = new AtomicInteger();
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger maxConcurrent = new AtomicInteger();
    volatile Function<Invocation, Map<String, Object>> behaviour = Invocation::payload;
    volatile CountDownLatch gate;
    /** The thread of every call, in call order. */
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    /** What {@link #blocking()} answers: {@code true} unless {@link #neverBlocks()} was called. */
    volatile boolean blocking = true;

    ScriptedHandler(HandlerType type) {
        this.type = type;
    }

    /** Makes every call wait until {@link #release()} (bounded by 30 s). */
    ScriptedHandler holdCalls() {
        gate = new CountDownLatch(1);
        return this;
    }

    /** Declares that calls never block, so the host may run them on the delivering thread. */
    ScriptedHandler neverBlocks() {
        blocking = false;
        return this;
    }

    @Override
    public boolean blocking() {
        return blocking;
    }

    void release() {
        gate.countDown();
    }

    @Override
    public void initialize() {
        initializations.incrementAndGet();
    }

    @Override
    public Map<String, Object> execute(Invocation invocation) {
        invocations.add(invocation);
        threads.add(Thread.currentThread());
        int now = concurrent.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
        try {
            CountDownLatch current = gate;
            if (current != null) {
                try {
                    current.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return behaviour.apply(invocation);
        } finally {
            concurrent.decrementAndGet();
        }
    }

    @Override
    public HandlerHealth health() {
        return HandlerHealth.healthy(Map.of());
    }

    @Override
    public void shutdown() {
        shutdowns.incrementAndGet();
    }
}
