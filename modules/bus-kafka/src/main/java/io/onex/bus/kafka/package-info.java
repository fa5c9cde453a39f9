/**
 * The Kafka event bus. {@link io.onex.bus.kafka.KafkaEventBus} is the entry point; the rest is
 * its machinery: settings, the consumer loop, offset tracking per partition, the publisher.
 */
package io.onex.bus.kafka;
