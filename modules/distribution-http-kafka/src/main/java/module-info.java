/**
 * The http-kafka distribution: a host of the local and http handlers and the Kafka bus on the
 * handler-free core, with its own {@code main}. Its module graph has no other handler, no r2dbc,
 * Netty or Vault client, so {@code java -p ... -m io.onex.distribution.http.kafka} and the image
 * {@code make image DISTRIBUTION=http-kafka} links have exactly these. A contract that binds a
 * built-in handler it leaves out (db, vault, consul) or configures the Vault secret source is
 * refused with exit code 1, naming the handler type and this distribution.
 */
module io.onex.distribution.http.kafka {
    requires io.onex.wiring.core; // the engine's composition and the command line
    requires io.onex.handler.local;
    requires io.onex.handler.http;
    requires io.onex.bus.kafka;
}
