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
    // The exporter finds its HTTP sender with a ServiceLoader; requiring it puts the JDK-client sender
    // in the module graph (nothing else would resolve it).
    requires io.opentelemetry.exporter.sender.jdk.internal;

    // Only the wiring module builds a tracer.
    exports io.onex.tracing to io.onex.wiring;
}
