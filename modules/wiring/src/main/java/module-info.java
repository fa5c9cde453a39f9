/**
 * The composition root: {@link io.onex.wiring.OnexHost} composes a host from the built-in handlers
 * and an application's own handler factories, turns a contract into live handlers and buses, and
 * runs the onex-host command line. Only {@code io.onex.wiring} is exported: the rest is internal.
 */
module io.onex.wiring {
    requires transitive io.onex.host.api; // HandlerFactory is in OnexHost's signatures
    requires io.onex.host.core;
    requires io.onex.contract; // loads and checks contracts, writes their schemas
    requires io.onex.handler.local;
    requires io.onex.health;
    requires io.onex.handler.db;
    requires io.onex.handler.http;
    requires io.onex.handler.vault;
    requires io.onex.handler.consul;
    requires io.onex.secrets;
    requires io.onex.bus.kafka;
    requires io.onex.tracing; // spans over OTLP, built only when a contract configures runtime.tracing
    requires info.picocli; // the command line, built through its programmatic API: nothing opened
    requires jdk.unsupported; // sun.misc.Signal: exit 0 after draining on SIGTERM/SIGINT

    // OnexHost, for applications that compose a host; Main, the onex-host launcher's main class.
    exports io.onex.wiring;
}
