/** The local handler (local.echo, local.transform, local.error): dev and test only. */
module io.onex.handler.local {
    requires io.onex.host.core;

    // Only the wiring module may build handlers.
    exports io.onex.handler.local to io.onex.wiring;
}
