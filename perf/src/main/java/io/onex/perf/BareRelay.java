package io.onex.perf;

import io.onex.host.api.Envelope;
import io.onex.host.api.Inbound;
import io.onex.host.core.bus.InMemoryEventBus;
import java.time.Duration;
import java.util.List;

/**
 * The round-trip baseline: the bare in-memory bus with the host's topology and nothing else. A
 * subscriber on the input topic publishes each envelope, unchanged, to the output topic, where a
 * second subscriber counts it: two bus hops, like a request and its response, with no decoding,
 * routing, handler, response building or in-flight accounting.
 *
 * <p>{@link #start()} relays through topics of the bus's default capacity (65,536 messages);
 * {@link #start(int)} through topics of the host's bound ({@code max_inflight_envelopes}, which
 * the host's in-memory topics queue at most), so that both sides pay the same hand-off through
 * bounded queues.
 */
public final class BareRelay implements AutoCloseable {

    private static final String INPUT = "onex.perf.relay.in";
    private static final String OUTPUT = "onex.perf.relay.out";

    /** How long a publisher waits for room in a full topic, as the host's in-memory bus does. */
    private static final Duration PUBLISH_WAIT = Duration.ofSeconds(30);

    private final InMemoryEventBus bus;
    private final Arrivals delivered = new Arrivals();

    private BareRelay(InMemoryEventBus bus) {
        this.bus = bus;
        bus.subscribe(INPUT, (topic, message, settlement) -> {
            bus.publish(OUTPUT, ((Inbound.Decoded) message).envelope());
            settlement.complete();
        });
        bus.subscribe(OUTPUT, (topic, message, settlement) -> {
            delivered.arrive();
            settlement.complete();
        });
        bus.start();
    }

    /** Returns a started relay through topics of the bus's default capacity. */
    public static BareRelay start() {
        return new BareRelay(InMemoryEventBus.create());
    }

    /** Returns a started relay through topics that queue at most {@code capacity} messages each. */
    public static BareRelay start(int capacity) {
        return new BareRelay(InMemoryEventBus.create(capacity, PUBLISH_WAIT));
    }

    /** Publishes every envelope and waits until each has come out; returns false when {@code limit} ran out first. */
    public boolean relayAll(List<Envelope> envelopes, Duration limit) {
        for (Envelope envelope : envelopes) {
            bus.publish(INPUT, envelope);
        }
        return delivered.await(envelopes.size(), limit);
    }

    @Override
    public void close() {
        bus.stop();
    }
}
