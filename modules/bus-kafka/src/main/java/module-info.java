/**
 * The Kafka event bus: a consumer group on the input topic with at-least-once delivery,
 * backpressure by pausing partitions, dead letters and reconnection after broker loss.
 */
module io.onex.bus.kafka {
    requires io.onex.host.core;   // the envelope codec and the JSON log
    requires kafka.clients;       // the consumer and producer (an automatic module)
    requires java.management;     // kafka-clients registers its metrics as MBeans

    // Only the composition modules (the full host, the http-kafka distribution) may build buses.
    exports io.onex.bus.kafka to io.onex.wiring, io.onex.distribution.http.kafka;
}
