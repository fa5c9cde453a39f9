package io.onex.testkit;

import io.onex.host.api.BusHealth;
import io.onex.host.api.DeliveryListener;
import io.onex.host.api.Envelope;
import io.onex.host.api.EventBus;
import io.onex.host.api.Subscription;
import java.util.Objects;

/**
 * A bus that forwards to another (the in-memory bus, usually) but whose health report a test can
 * replace, as a broker outage would change it. Only the bus's abstract methods and
 * {@link #pending} are forwarded: every other method keeps the interface's default, so this bus
 * says, for one, that its publish may wait ({@link EventBus#publishBlocks}), as a broker's does.
 */
public final class SwitchableBus implements EventBus {

    private final EventBus bus;
    private volatile BusHealth health;

    /** Forwards to {@code bus}. */
    public SwitchableBus(EventBus bus) {
        this.bus = Objects.requireNonNull(bus, "bus");
    }

    /** Makes {@link #health()} answer {@code replaced} from now on, or the bus's own report when {@code null}. */
    public void reportHealth(BusHealth replaced) {
        this.health = replaced;
    }

    @Override
    public void start() {
        bus.start();
    }

    @Override
    public void publish(String topic, Envelope envelope) {
        bus.publish(topic, envelope);
    }

    @Override
    public void publishEncoded(String topic, byte[] json) {
        bus.publishEncoded(topic, json);
    }

    @Override
    public Subscription subscribe(String topic, DeliveryListener listener) {
        return bus.subscribe(topic, listener);
    }

    @Override
    public long pending(String topic) {
        return bus.pending(topic);
    }

    @Override
    public BusHealth health() {
        BusHealth replaced = health;
        return replaced != null ? replaced : bus.health();
    }

    @Override
    public void stop() {
        bus.stop();
    }
}
