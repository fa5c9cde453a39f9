package io.onex.handler.violations.construction;

import io.onex.host.api.BusHealth;
import io.onex.host.api.DeliveryListener;
import io.onex.host.api.Envelope;
import io.onex.host.api.EventBus;
import io.onex.host.api.Subscription;
import java.util.Map;

/** A bus with a public constructor and a static factory. */
public final class ConstructibleBus implements EventBus {

    /** Creates the bus. */
    public ConstructibleBus() {
    }

    /** Returns a new bus: a static factory, which the rule treats like the constructor. */
    public static EventBus inMemory() {
        return new ConstructibleBus();
    }

    @Override
    public void start() {
    }

    @Override
    public void publish(String topic, Envelope envelope) {
    }

    @Override
    public void publishEncoded(String topic, byte[] json) {
    }

    @Override
    public Subscription subscribe(String topic, DeliveryListener listener) {
        return new Subscription() {
            @Override
            public String topic() {
                return topic;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public BusHealth health() {
        return new BusHealth("sample", true, Map.of());
    }

    @Override
    public void stop() {
    }
}
