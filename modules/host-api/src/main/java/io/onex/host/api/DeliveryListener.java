package io.onex.host.api;

/** Receives the messages of a subscribed topic. */
@FunctionalInterface
public interface DeliveryListener {

    /**
     * Handles one message. The listener calls {@code settlement.complete()} once the message is
     * fully dealt with (its response or dead letter published); a bus with at-least-once
     * delivery only commits what is complete.
     */
    void onDelivery(String topic, Inbound message, Settlement settlement);
}
