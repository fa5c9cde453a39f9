/**
 * The benchmark harness: JMH benchmarks, the in-process load driver, the Kafka round trip and
 * the regression gate ({@code perf/bench.sh}, docs/PERFORMANCE.md). Not shipped. It runs on the
 * module path as an application does: it starts hosts through the full host's exported embedding
 * API ({@code io.onex.wiring.OnexHost#start}) and times handler calls through host-api's
 * {@code HostObserver}. Of the engine it reads only what host-core exports to it by name: the
 * envelope codec (the codec benchmark), JSON values (its result files) and the in-memory bus (the
 * bare relay every round trip is measured against).
 */
module io.onex.perf {
    requires io.onex.wiring;             // OnexHost, RunningHost, StartOptions; host-api with them
    requires io.onex.host.core;          // codec, json and bus: exported to io.onex.perf by name
    requires io.onex.testkit;            // PostgreSQL, HTTP and Kafka fixtures
    requires com.fasterxml.jackson.core; // the plain-Jackson baseline of the codec benchmark
    requires r2dbc.spi;                  // the bare database query baseline
    requires reactor.core;
    requires kafka.clients;              // the Kafka load driver and the bare Kafka relay
    requires jmh.core;
    requires java.management;            // heap and process CPU probes
    requires java.net.http;              // the bare HTTP call baseline

    // JMH's generated benchmark classes instantiate and call the benchmarks reflectively, in this
    // JVM and in its forks.
    opens io.onex.perf.jmh to jmh.core;
    opens io.onex.perf.jmh.jmh_generated to jmh.core;
}
