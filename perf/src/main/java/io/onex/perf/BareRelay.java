package io.onex.perf;

import io.onex.host.api.Envelope;
import io.onex.host.api.Inbound;
import io.onex.host.core.bus.InMemoryEventBus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The round-trip baseline: the bare in-memory bus with the host's topology and nothing else. A
 * subscriber on the input topic publishes each envelope, unchanged, to the output topic, where a
 * second subscriber counts it: two bus hops, like a request and its response, with no decoding,
 * routing, handler, response building or in-flight accounting.
 */
public final class BareRelay implements AutoCloseable {

    private static final String INPUT = "onex.perf.relay.in";
    private static final String OUTPUT = "onex.perf.relay.out";

    private final InMemoryEventBus bus = InMemoryEventBus.create();
    private final Semaphore delivered = new Semaphore(0);

    private BareRelay() {
        bus.subscribe(INPUT, (topic, message, settlement) -> {
            bus.publish(OUTPUT, ((Inbound.Decoded) message).envelope());
            settlement.complete();
        });
        bus.subscribe(OUTPUT, (topic, message, settlement) -> {
            delivered.release();
            settlement.complete();
        });
        bus.start();
    }

    /** Returns a started relay. */
    public static BareRelay start() {
        return new BareRelay();
    }

    /** Publishes every envelope and waits until each has come out; returns false when {@code limit} ran out first. */
    public boolean relayAll(List<Envelope> envelopes, Duration limit) {
        for (Envelope envelope : envelopes) {
            bus.publish(INPUT, envelope);
        }
        try {
            return delivered.tryAcquire(envelopes.size(), limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        bus.stop();
    }
}
