package io.onex.health;

import io.onex.host.api.BusHealth;
import io.onex.host.api.DeliveryListener;
import io.onex.host.api.Envelope;
import io.onex.host.api.EventBus;
import io.onex.host.api.Subscription;
import io.onex.host.core.bus.InMemoryEventBus;

/** The in-memory bus, whose health report a test can replace, as a broker outage would change it. */
final class SwitchableBus implements EventBus {

    private final InMemoryEventBus bus = InMemoryEventBus.create();
    volatile BusHealth health;

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
