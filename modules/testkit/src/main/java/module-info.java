/**
 * Test fixtures that start real services for tests and hand them their addresses: a private
 * PostgreSQL cluster of local processes, an HTTP server, a TCP proxy, a single-node Kafka broker
 * in a forked JVM, and a scripted context for testing a node's code alone. Other modules depend on it in test scope only; nothing in a runtime image
 * requires it.
 */
module io.onex.testkit {
    requires transitive io.onex.host.api; // ScriptedNodeContext implements its NodeContext
    requires jdk.httpserver; // TestHttpServer answers on the JDK's HTTP server
    requires kafka.clients;  // the Kafka fixture creates topics and reads and writes records

    exports io.onex.testkit;
}
