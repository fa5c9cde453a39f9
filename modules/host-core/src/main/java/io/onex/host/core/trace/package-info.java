/**
 * W3C Trace Context for envelopes: the {@code traceparent} value, and the hook through which the
 * host opens a span per envelope and per handler call ({@link io.onex.host.core.trace.EnvelopeTracer}).
 * host-core knows no tracing library; the OpenTelemetry implementation lives in
 * {@code io.onex.tracing} and is wired in only when a runtime contract configures
 * {@code runtime.tracing}.
 */
package io.onex.host.core.trace;
