/**
 * Contract loading: reads runtime and node contracts (YAML, with file and line in every problem)
 * against a host's handler factories, resolves their values, and writes their JSON Schemas. The
 * engine (io.onex.host.core) never needs it: it runs contracts already loaded.
 */
module io.onex.contract {
    requires transitive io.onex.host.api; // the contract model records it returns
    requires io.onex.host.core;           // the HandlerRegistry it reads bindings against, the JSON writer
    requires org.snakeyaml.engine;        // contract parsing with line numbers

    // Whoever loads contracts: the command line, and the secret resolver (a ValueResolver).
    exports io.onex.contract to io.onex.secrets, io.onex.wiring.core;
}
