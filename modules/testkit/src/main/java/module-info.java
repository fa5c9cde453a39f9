/**
 * Test fixtures that start real services as local processes and hand tests their addresses: a
 * single-node Kafka broker in a forked JVM. Used in test scope only.
 */
module io.onex.testkit {
    requires kafka.clients; // the Kafka fixture creates topics and reads and writes records

    exports io.onex.testkit;
}
