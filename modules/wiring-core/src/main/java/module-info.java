/**
 * The handler-free core of every host: turns a contract into live handlers and buses (the
 * engine's composition), the onex-host command line, the health server, the in-memory bus, the
 * secret resolver and tracing. It builds only what a composition module registers through
 * {@link io.onex.wiring.core.HostComposition}: {@code io.onex.wiring} (the full host) or a shipped
 * distribution such as {@code io.onex.distribution.http.kafka}. It requires no handler and no bus
 * module, so a composition's module graph alone decides which handlers a host has.
 */
module io.onex.wiring.core {
    requires transitive io.onex.host.api;  // HandlerFactory and NodeCode are in HostComposition's signatures
    requires transitive io.onex.host.core; // JsonLog is in BusFactory's signature
    requires io.onex.contract; // loads and checks contracts, writes their schemas
    requires io.onex.health;
    requires io.onex.secrets;
    requires io.onex.tracing; // spans over OTLP, built only when a contract configures runtime.tracing
    requires info.picocli; // the command line, built through its programmatic API: nothing opened
    requires jdk.unsupported; // sun.misc.Signal: exit 0 after draining on SIGTERM/SIGINT

    // HostComposition, for the composition modules only: the full host and the shipped distributions.
    exports io.onex.wiring.core to io.onex.wiring, io.onex.distribution.http.kafka;
}
