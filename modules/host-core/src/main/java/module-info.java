/**
 * The ONEX host core: contract loading, the envelope codec, routing, the host process, the
 * resilience guard and the in-memory bus. It knows no transport library.
 */
module io.onex.host.core {
    requires transitive io.onex.host.api; // host-core's API is made of host-api types
    requires com.fasterxml.jackson.core;  // the envelope codec and JSON logs
    requires org.snakeyaml.engine;        // contract parsing with line numbers
    // The resilience guard: retry, timeout and bulkhead of SmallRye Fault Tolerance, standalone.
    requires smallrye.fault.tolerance.api;
    requires smallrye.fault.tolerance.standalone;
    requires microprofile.fault.tolerance.api; // the exceptions the guard maps to error codes
    requires jakarta.cdi;         // SmallRye's Guard signatures name TypeLiteral; no CDI container runs
    requires org.jboss.logging;   // SmallRye logs through it; nothing else would resolve it

    exports io.onex.host.core;
    exports io.onex.host.core.codec;
    exports io.onex.host.core.contract;
    exports io.onex.host.core.json;
    exports io.onex.host.core.log;
    exports io.onex.host.core.resilience;
    exports io.onex.host.core.runtime;
    // The read-only status view of a host, for its health server only.
    exports io.onex.host.core.status to io.onex.health;
    exports io.onex.host.core.trace;
    // Buses are built by the wiring core only.
    exports io.onex.host.core.bus to io.onex.wiring.core;
    // The handler of code nodes, likewise (issue #21).
    exports io.onex.host.core.code to io.onex.wiring.core;
}
