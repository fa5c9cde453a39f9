/** The HTTP handler (http.get, http.post, http.put, http.delete, http.patch) on the JDK's HTTP client. */
module io.onex.handler.http {
    requires io.onex.host.core;   // the host API and the JSON reader and writer
    requires io.onex.client.http; // the JDK HTTP client's lifecycle, deadline and body bound, shared

    // Only the composition modules (the full host, the http-kafka distribution) may build handlers.
    exports io.onex.handler.http to io.onex.wiring, io.onex.distribution.http.kafka;
}
