package io.onex.wiring.core;

import io.onex.host.api.EventBus;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.EventBusSpec;
import io.onex.host.core.log.JsonLog;

/**
 * Builds a host's event bus from its contract section ({@code runtime.event_bus}), a lookup for
 * the secrets its settings reference and the host's log. A composition registers one per bus
 * kind beyond the in-memory one, e.g. {@code bus(BusKind.KAFKA, KafkaEventBus::create)}.
 */
@FunctionalInterface
public interface BusFactory {

    /** Returns the bus {@code spec} describes, not yet started. */
    EventBus create(EventBusSpec spec, Secrets secrets, JsonLog log);
}
