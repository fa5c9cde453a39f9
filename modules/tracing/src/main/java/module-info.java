/**
 * Tracing of envelopes and handler calls on the OpenTelemetry API, exported over OTLP/HTTP. Built
 * by the wiring module only when a runtime contract configures {@code runtime.tracing}.
 */
module io.onex.tracing {
    requires io.onex.host.core;                   // the host's tracing hook it implements
    requires io.opentelemetry.api;                // spans
    requires io.opentelemetry.context;
    requires io.opentelemetry.sdk.trace;          // the tracer provider, sampler, batch processor
    requires io.opentelemetry.sdk.common;         // the resource (service name)
    requires io.opentelemetry.exporter.otlp;      // the OTLP/HTTP span exporter
    requires java.logging;                        // the SDK's own log, routed into the host's
    requires io.opentelemetry.common;             // ComponentLoader: the exporter's sender, handed over in code
    requires io.opentelemetry.exporter.sender.jdk.internal; // the sender on java.net.http (no ServiceLoader)

    // Only the wiring core builds a tracer.
    exports io.onex.tracing to io.onex.wiring.core;
}
