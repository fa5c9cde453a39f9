/**
 * The Consul handler (consul.register_service, consul.deregister_service, consul.get_service,
 * consul.list_services, consul.health_check_service) on Consul's HTTP API through the JDK's HTTP client.
 */
module io.onex.handler.consul {
    requires io.onex.host.core;   // the host API and the JSON reader and writer
    requires io.onex.client.http; // the JDK HTTP client's lifecycle, deadline and body bound, shared

    // Only the wiring module may build handlers.
    exports io.onex.handler.consul to io.onex.wiring;
}
