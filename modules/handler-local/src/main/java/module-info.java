/** The local handler (local.echo, local.transform, local.error): dev and test only. */
module io.onex.handler.local {
    requires io.onex.host.core;

    // Only the composition modules (the full host, the http-kafka distribution) may build handlers.
    exports io.onex.handler.local to io.onex.wiring, io.onex.distribution.http.kafka;
}
