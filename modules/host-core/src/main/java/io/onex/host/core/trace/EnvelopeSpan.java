package io.onex.host.core.trace;

import io.onex.host.api.Envelope;
import io.onex.host.api.Invocation;
import io.onex.host.core.resilience.BindingGuard;
import java.util.Optional;

/** The span of one envelope: opened by {@link EnvelopeTracer#start}, ended with its response. */
public interface EnvelopeSpan {

    /** Returns the trace id to write on the envelope's log lines, if the envelope is traced. */
    Optional<String> traceId();

    /**
     * Opens the span of one handler call (all its attempts) for {@code invocation} through
     * {@code guard}. Its {@link HandlerCallSpan#invocation()} carries the call span as
     * {@code metadata.traceparent}, which the http handler sends on.
     */
    HandlerCallSpan handlerCall(Invocation invocation, BindingGuard guard);

    /**
     * Ends this span with its outcome and returns {@code response} carrying this span as its
     * {@code metadata.traceparent}, so that whoever reads the response continues the trace.
     */
    Envelope end(Envelope response);
}
