/**
 * The full host: {@link io.onex.wiring.OnexHost} composes a host from every built-in handler, the
 * Kafka bus and an application's own handler factories, on the handler-free core
 * ({@code io.onex.wiring.core}), and {@link io.onex.wiring.Main} is the onex-host command. It
 * requires every built-in handler module and the Kafka bus, so an application that
 * {@code requires io.onex.wiring} has them all with a plain {@code java -p ... -m app}. Only
 * {@code io.onex.wiring} is exported.
 */
module io.onex.wiring {
    requires transitive io.onex.host.api; // HandlerFactory is in OnexHost's signatures
    requires io.onex.wiring.core;         // the engine's composition and the command line
    requires io.onex.handler.local;
    requires io.onex.handler.http;
    requires io.onex.handler.db;
    requires io.onex.handler.vault;
    requires io.onex.handler.consul;
    requires io.onex.bus.kafka;
    // The Vault secret source's client, which io.onex.secrets requires static: the full host links it.
    requires io.onex.client.vault;

    // OnexHost, for applications that compose a host; Main, the onex-host launcher's main class.
    exports io.onex.wiring;
}
