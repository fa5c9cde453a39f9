package io.onex.tracing;

import io.onex.host.api.contract.TracingSpec;
import io.onex.host.core.log.JsonLog;
import io.onex.host.core.trace.EnvelopeTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The host's tracing when a runtime contract configures {@code runtime.tracing}: an OpenTelemetry
 * tracer provider of its own (never the global one), sampling new traces at the contract's ratio
 * and following a caller's sampled flag, whose spans a batch processor exports over OTLP/HTTP.
 * Closing it exports what is left, within the export timeout.
 */
public final class OtlpTracing implements AutoCloseable {

    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    /** Set to "default", OpenTelemetry keeps its context in a thread local without a ServiceLoader look-up. */
    private static final String CONTEXT_STORAGE = "io.opentelemetry.context.contextStorageProvider";
    private static final String SCOPE = "io.onex.host";

    private final SdkTracerProvider provider;
    private final TracingSpec spec;
    private final EnvelopeTracer tracer;

    private OtlpTracing(TracingSpec spec, String serviceName) {
        this.spec = spec;
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(spec.endpoint().toString())
                .setTimeout(spec.exportTimeout())
                .setComponentLoader(new SenderLoader())
                .build();
        this.provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, serviceName))))
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(spec.sampleRatio())))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                .build();
        this.tracer = new OtelEnvelopeTracer(provider.get(SCOPE));
    }

    /**
     * Starts exporting the spans of a host named {@code runtimeName} as {@code spec} says (its
     * {@code service_name}, or the runtime's name); the exporter's warnings go to {@code log}.
     */
    public static OtlpTracing start(TracingSpec spec, String runtimeName, JsonLog log) {
        Objects.requireNonNull(spec, "spec");
        ExportLog.install(Objects.requireNonNull(log, "log"));
        // The context storage would otherwise be looked up with a ServiceLoader on the first span,
        // which a runtime image's descriptors do not declare. Set, never read. Touching the context
        // here makes any failure to set it up a start-up failure, not one per envelope.
        System.setProperty(CONTEXT_STORAGE, "default");
        Context.current();
        return new OtlpTracing(spec, spec.serviceName().orElse(Objects.requireNonNull(runtimeName, "runtimeName")));
    }

    /** Returns the tracer the host opens its spans with. */
    public EnvelopeTracer tracer() {
        return tracer;
    }

    /** Exports the spans not yet sent and stops, waiting at most the export timeout. */
    @Override
    public void close() {
        provider.shutdown().join(spec.exportTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}
