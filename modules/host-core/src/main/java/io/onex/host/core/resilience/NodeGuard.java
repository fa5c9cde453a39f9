package io.onex.host.core.resilience;

import io.onex.host.api.OverloadedException;
import io.onex.host.api.RateLimitedException;
import io.onex.host.api.contract.HostedNode;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The guard of one hosted node: its {@code limits} from the runtime contract, tighter than its
 * bindings', so that one flooded node cannot take every in-flight slot of the host.
 *
 * <p>At most {@code max_concurrent} envelopes of the node execute at once. An envelope arriving
 * while they do waits for a place, first come first served, if fewer than {@code queue} wait
 * already; otherwise it is answered OVERLOADED at once. How long it may wait is the caller's to
 * say ({@link #awaitEntry}): the host bounds the wait by the envelope's own time to live and its
 * binding's timeout, and holds none of its in-flight slots for a waiting envelope. An envelope
 * beyond {@code rate_per_second} is answered RATE_LIMITED at once, never queued.
 *
 * <p>The host calls {@link #tryEnter()} (and {@link #awaitEntry} when that says to wait) before
 * the node's handler call and {@link #exit()} after it, whether or not the node has limits, so
 * in-flight counts are there for every node.
 */
public final class NodeGuard {

    private final String slug;
    private final int maxConcurrent;
    private final int queue;
    /** The node's places, handed out in arrival order; {@code null} when it has no {@code max_concurrent}. */
    private final Semaphore places;
    private final TokenBucket rate;
    private final HostedNode.Limits limits;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final LongAdder overloaded = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder waited = new LongAdder();

    private NodeGuard(String slug, HostedNode.Limits limits, LongSupplier nanoTime) {
        this.slug = slug;
        this.limits = limits;
        this.maxConcurrent = limits.maxConcurrent().orElse(Integer.MAX_VALUE);
        this.queue = limits.queue();
        this.places = limits.maxConcurrent().isPresent() ? new Semaphore(maxConcurrent, true) : null;
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
     * Admits one envelope of this node if one of its places is free and no envelope waits for
     * one. Returns {@code true} when it is admitted: one {@link #exit()} must follow. Returns
     * {@code false} when it has joined the node's queue: the caller must then call
     * {@link #awaitEntry} once.
     *
     * @throws OverloadedException  when every place is taken and {@code queue} envelopes wait
     * @throws RateLimitedException when the node's rate is used up
     */
    public boolean tryEnter() {
        if (places != null && !takePlaceNow()) {
            if (waiting.incrementAndGet() > queue) {
                waiting.decrementAndGet();
                overloaded.increment();
                throw new OverloadedException("node '" + slug + "' already has " + maxConcurrent
                        + " envelopes in progress (limits.max_concurrent)"
                        + (queue > 0 ? " and " + queue + " waiting (limits.queue)" : "") + "; try again later");
            }
            return false;
        }
        entered();
        return true;
    }

    /**
     * Admits one envelope of this node if one of its places is free now and no envelope waits for
     * one, as {@link #tryEnter()} does, but never queues it. Returns {@code true} when it is
     * admitted: one {@link #exit()} must follow. Returns {@code false}, having changed nothing,
     * when it would have to wait.
     *
     * @throws RateLimitedException when the node's rate is used up
     */
    public boolean enterIfFree() {
        if (places != null && !takePlaceNow()) {
            return false;
        }
        entered();
        return true;
    }

    /**
     * Waits, at most {@code maxWaitNanos}, for a place for an envelope that {@link #tryEnter()}
     * queued. Returns {@code true} when it got one: one {@link #exit()} must follow. Returns
     * {@code false} when the time ran out; the envelope has then left the queue.
     *
     * @throws InterruptedException when the waiting thread is interrupted; it has left the queue
     * @throws RateLimitedException when the envelope got a place but the node's rate is used up
     */
    public boolean awaitEntry(long maxWaitNanos) throws InterruptedException {
        boolean admitted;
        try {
            admitted = places.tryAcquire(Math.max(0, maxWaitNanos), TimeUnit.NANOSECONDS);
        } finally {
            waiting.decrementAndGet();
        }
        if (admitted) {
            waited.increment();
            entered();
        }
        return admitted;
    }

    /** Takes a free place unless envelopes already wait for one (the semaphore is fair). */
    private boolean takePlaceNow() {
        try {
            // The timed form respects fairness; tryAcquire() would overtake the queue.
            return places.tryAcquire(0, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void entered() {
        inFlight.incrementAndGet();
        if (rate != null && !rate.tryAcquire()) {
            exit();
            rateLimited.increment();
            throw new RateLimitedException("node '" + slug + "' is limited to " + Rates.format(rate.ratePerSecond())
                    + " envelopes per second (limits.rate_per_second); try again later");
        }
    }

    /** Ends an envelope admitted by {@link #tryEnter()} or {@link #awaitEntry}. */
    public void exit() {
        inFlight.decrementAndGet();
        if (places != null) {
            places.release();
        }
    }

    /** Returns the node's slug. */
    public String slug() {
        return slug;
    }

    /** Returns how many envelopes of this node are executing now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Returns how many envelopes of this node are waiting for a place now. */
    public int waiting() {
        return waiting.get();
    }

    /** Returns what the guard has counted so far. */
    public NodeGuardStats snapshot() {
        OptionalInt max = limits.maxConcurrent();
        OptionalDouble perSecond = limits.ratePerSecond();
        return new NodeGuardStats(slug, inFlight.get(), max, perSecond, overloaded.sum(), rateLimited.sum(),
                waiting.get(), max.isPresent() ? queue : 0, waited.sum());
    }
}
