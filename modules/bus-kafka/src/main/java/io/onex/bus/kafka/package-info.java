/**
 * The Kafka event bus. {@link io.onex.bus.kafka.KafkaEventBus} is the entry point; the rest is
 * its machinery: settings, the publisher, and a record's way through the consumer side, in
 * order: {@code ConsumerLoop} (fetched), {@code Delivery} (delivered), {@code FetchedRecord} and
 * {@code Settlements} (answered and acknowledged), {@code Commits} (the committable offset).
 */
package io.onex.bus.kafka;
