package io.onex.host.core.resilience;

import io.onex.host.api.OverloadedException;
import io.onex.host.api.RateLimitedException;
import io.onex.host.api.contract.HostedNode;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The guard of one hosted node: its {@code limits} from the runtime contract, tighter than its
 * bindings', so that one flooded node cannot take every in-flight slot of the host. An envelope
 * beyond {@code max_concurrent} is answered OVERLOADED and one beyond {@code rate_per_second}
 * RATE_LIMITED, at once and without queueing: a queue here would hold the host's in-flight
 * slots, which is exactly what the limit exists to prevent.
 *
 * <p>The host calls {@link #enter()} before the node's handler call and {@link #exit()} after
 * it, whether or not the node has limits, so in-flight counts are there for every node.
 */
public final class NodeGuard {

    private final String slug;
    private final int maxConcurrent;
    private final TokenBucket rate;
    private final HostedNode.Limits limits;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder overloaded = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();

    private NodeGuard(String slug, HostedNode.Limits limits, LongSupplier nanoTime) {
        this.slug = slug;
        this.limits = limits;
        this.maxConcurrent = limits.maxConcurrent().orElse(Integer.MAX_VALUE);
        this.rate = limits.ratePerSecond().isPresent()
                ? TokenBucket.perSecond(limits.ratePerSecond().getAsDouble(), nanoTime) : null;
    }

    /** Returns the guard of {@code node}'s limits. */
    public static NodeGuard of(HostedNode node) {
        Objects.requireNonNull(node, "node");
        return new NodeGuard(node.slug(), node.limits(), System::nanoTime);
    }

    /** Returns a guard of {@code limits} whose rate reads time from {@code nanoTime}, for tests. */
    static NodeGuard of(String slug, HostedNode.Limits limits, LongSupplier nanoTime) {
        return new NodeGuard(slug, limits, nanoTime);
    }

    /**
     * Admits one envelope of this node; every admitted envelope must be followed by one
     * {@link #exit()}.
     *
     * @throws OverloadedException  when {@code max_concurrent} envelopes of the node are executing
     * @throws RateLimitedException when the node's rate is used up
     */
    public void enter() {
        if (inFlight.incrementAndGet() > maxConcurrent) {
            inFlight.decrementAndGet();
            overloaded.increment();
            throw new OverloadedException("node '" + slug + "' already has " + maxConcurrent
                    + " envelopes in progress (limits.max_concurrent); try again later");
        }
        if (rate != null && !rate.tryAcquire()) {
            inFlight.decrementAndGet();
            rateLimited.increment();
            throw new RateLimitedException("node '" + slug + "' is limited to " + Rates.format(rate.ratePerSecond())
                    + " envelopes per second (limits.rate_per_second); try again later");
        }
    }

    /** Ends an envelope admitted by {@link #enter()}. */
    public void exit() {
        inFlight.decrementAndGet();
    }

    /** Returns the node's slug. */
    public String slug() {
        return slug;
    }

    /** Returns how many envelopes of this node are executing now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Returns what the guard has counted so far. */
    public NodeResilience snapshot() {
        OptionalInt max = limits.maxConcurrent();
        OptionalDouble perSecond = limits.ratePerSecond();
        return new NodeResilience(slug, inFlight.get(), max, perSecond, overloaded.sum(), rateLimited.sum());
    }
}
