package io.onex.tracing;

import io.onex.host.api.Envelope;
import io.onex.host.api.Invocation;
import io.onex.host.api.OnexException;
import io.onex.host.core.resilience.BindingGuard;
import io.onex.host.core.trace.EnvelopeSpan;
import io.onex.host.core.trace.EnvelopeTracer;
import io.onex.host.core.trace.HandlerCallSpan;
import io.onex.host.core.trace.TraceParent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens an OpenTelemetry span per envelope, continuing the trace of the request's
 * {@code metadata.traceparent} (and {@code tracestate}) or starting a new one, and a child span
 * per handler call. The response, and the request the handler sees, carry the host's span as
 * their {@code traceparent}.
 */
final class OtelEnvelopeTracer implements EnvelopeTracer {

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<Map<String, Object>> METADATA = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, Object> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, Object> carrier, String key) {
            return carrier != null && carrier.get(key) instanceof String value ? value : null;
        }
    };

    private final Tracer tracer;

    OtelEnvelopeTracer(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public EnvelopeSpan start(Envelope request) {
        Context parent = W3C.extract(Context.root(), request.metadata(), METADATA);
        Span span = tracer.spanBuilder("onex " + request.operation())
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("onex.node", request.targetNode())
                .setAttribute("onex.operation", request.operation())
                .setAttribute("onex.handler_type", request.handlerType().wireName())
                .setAttribute("onex.envelope_id", request.envelopeId().toString())
                .setAttribute("onex.correlation_id", String.valueOf(request.correlationId()))
                .startSpan();
        return new OtelEnvelopeSpan(span);
    }

    /** Returns {@code metadata} with {@code span} as its traceparent (and its trace state, if any). */
    static Map<String, Object> withTraceParent(Map<String, Object> metadata, Span span) {
        Map<String, Object> carried = new LinkedHashMap<>(metadata);
        carried.remove(TraceParent.TRACESTATE); // the span's own state replaces the caller's, if it has one
        W3C.inject(Context.root().with(span), carried, (carrier, key, value) -> carrier.put(key, value));
        return carried;
    }

    private final class OtelEnvelopeSpan implements EnvelopeSpan {

        private final Span span;

        OtelEnvelopeSpan(Span span) {
            this.span = span;
        }

        @Override
        public Optional<String> traceId() {
            SpanContext context = span.getSpanContext();
            return context.isValid() ? Optional.of(context.getTraceId()) : Optional.empty();
        }

        @Override
        public HandlerCallSpan handlerCall(Invocation invocation, BindingGuard guard) {
            Span call = tracer.spanBuilder("onex handler " + invocation.binding())
                    .setParent(Context.root().with(span))
                    .setSpanKind(SpanKind.CLIENT)
                    .setAttribute("onex.binding", invocation.binding())
                    .setAttribute("onex.node", invocation.node())
                    .setAttribute("onex.operation", invocation.operation())
                    .startSpan();
            guard.breakerState().ifPresent(state -> call.setAttribute("onex.breaker_state", state.name()));
            Envelope request = invocation.envelope();
            Invocation traced = new Invocation(request.withMetadata(withTraceParent(request.metadata(), call)),
                    invocation.node(), invocation.binding(), invocation.targets());
            return new OtelHandlerCallSpan(call, traced);
        }

        @Override
        public Envelope end(Envelope response) {
            span.setAttribute("onex.outcome", response.success() ? "success" : "error");
            response.failure().ifPresent(error -> {
                span.setAttribute("onex.error_code", error.code().name());
                span.setStatus(StatusCode.ERROR, error.code().name());
            });
            span.end();
            return response.withMetadata(withTraceParent(response.metadata(), span));
        }
    }

    private static final class OtelHandlerCallSpan implements HandlerCallSpan {

        private final Span span;
        private final Invocation invocation;
        private final AtomicInteger attempts = new AtomicInteger();

        OtelHandlerCallSpan(Span span, Invocation invocation) {
            this.span = span;
            this.invocation = invocation;
        }

        @Override
        public Invocation invocation() {
            return invocation;
        }

        @Override
        public void attempted() {
            attempts.incrementAndGet();
        }

        @Override
        public void end(OnexException failure) {
            int count = attempts.get();
            span.setAttribute("onex.attempts", count);
            span.setAttribute("onex.retries", Math.max(0, count - 1));
            if (failure != null) {
                span.setAttribute("onex.error_code", failure.code().name());
                span.setStatus(StatusCode.ERROR, failure.code().name());
            }
            span.end();
        }
    }
}
