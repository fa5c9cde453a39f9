/**
 * The health server of the runtime host: liveness, readiness, handler reports, Prometheus
 * metrics and the HTTP ingress, on Helidon's web server. Only the wiring module builds it.
 */
module io.onex.health {
    requires io.onex.host.core;
    requires io.helidon.webserver;
    requires micrometer.core;
    requires micrometer.registry.prometheus;
    requires java.logging; // the web server logs through java.util.logging; we route it to the JSON log

    exports io.onex.health to io.onex.wiring.core;
}
