/**
 * The ONEX host core: the handler registry, the envelope codec, routing, the host process, the
 * resilience guard and the in-memory bus. It knows no transport library; contracts are loaded by
 * io.onex.contract.
 */
module io.onex.host.core {
    requires transitive io.onex.host.api; // host-core's API is made of host-api types
    requires com.fasterxml.jackson.core;  // the envelope codec and JSON logs
    // The resilience guard: retry, timeout and bulkhead of SmallRye Fault Tolerance, standalone.
    requires smallrye.fault.tolerance.api;
    requires smallrye.fault.tolerance.standalone;
    requires microprofile.fault.tolerance.api; // the exceptions the guard maps to error codes
    requires jakarta.cdi;         // SmallRye's Guard signatures name TypeLiteral; no CDI container runs
    requires org.jboss.logging;   // SmallRye logs through it; nothing else would resolve it

    // Every package goes only to the modules that use it: a third party's handler needs host-api
    // alone, and no module reaches the engine by accident.
    // The handler registry (contract loading, wiring) and the helpers handlers share: Causes, SecretRefresher.
    exports io.onex.host.core to io.onex.contract, io.onex.handler.consul, io.onex.handler.db,
            io.onex.handler.http, io.onex.handler.vault, io.onex.health, io.onex.wiring.core;
    // The envelope codec: the buses' and the ingress's intake, the stdio bridge; and the benchmark
    // harness (perf/, not shipped), whose codec benchmark measures it (issue #17).
    exports io.onex.host.core.codec to io.onex.bus.kafka, io.onex.health, io.onex.wiring.core, io.onex.perf;
    // JSON values: contract schemas, handler payloads, health reports; the benchmark harness's result
    // files (perf/, not shipped).
    exports io.onex.host.core.json to io.onex.contract, io.onex.handler.consul, io.onex.handler.db,
            io.onex.handler.http, io.onex.handler.vault, io.onex.health, io.onex.wiring.core, io.onex.perf;
    // The JSON-lines log every running part writes to; the compositions hand it to the buses they build.
    exports io.onex.host.core.log to io.onex.bus.kafka, io.onex.health, io.onex.tracing, io.onex.wiring.core,
            io.onex.wiring, io.onex.distribution.http.kafka;
    // What a binding's resilience guard has seen (health) and the guard a traced call runs in (tracing).
    exports io.onex.host.core.resilience to io.onex.health, io.onex.tracing;
    // The host process, built by the wiring core. Its observer hooks (HostObserver, EnvelopeMeter) are
    // host-api's, so health's main code needs nothing here (its tests build hosts with it):
    // ArchitectureRules.healthShouldReadTheHostOnlyThroughItsStatusView.
    exports io.onex.host.core.runtime to io.onex.health, io.onex.wiring.core;
    // The tracing hook, implemented by io.onex.tracing; buses and the HTTP handler carry trace context.
    exports io.onex.host.core.trace to io.onex.bus.kafka, io.onex.handler.http, io.onex.tracing;
    // The read-only status view of a host: wiring makes it, the health server reads the host only through it.
    exports io.onex.host.core.status to io.onex.health, io.onex.wiring.core;
    // Buses are built by the wiring core only; the benchmark harness (perf/, not shipped) relays
    // through a bare in-memory bus, the baseline a host's round trip is measured against.
    exports io.onex.host.core.bus to io.onex.wiring.core, io.onex.perf;
    // The handler of code nodes, likewise (issue #21).
    exports io.onex.host.core.code to io.onex.wiring.core;
}
