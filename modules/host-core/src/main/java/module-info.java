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

    exports io.onex.host.core;
    exports io.onex.host.core.codec;
    exports io.onex.host.core.json;
    exports io.onex.host.core.log;
    exports io.onex.host.core.resilience;
    exports io.onex.host.core.runtime;
    // The read-only status view of a host: wiring makes it, the health server reads the host only through it.
    exports io.onex.host.core.status to io.onex.health, io.onex.wiring;
    exports io.onex.host.core.trace;
    // Buses are built by the wiring module only.
    exports io.onex.host.core.bus to io.onex.wiring;
    // The handler of code nodes, likewise (issue #21).
    exports io.onex.host.core.code to io.onex.wiring;
}
