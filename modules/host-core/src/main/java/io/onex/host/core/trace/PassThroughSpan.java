package io.onex.host.core.trace;

import io.onex.host.api.Envelope;
import io.onex.host.api.Invocation;
import io.onex.host.api.OnexException;
import io.onex.host.core.resilience.BindingGuard;
import java.util.Optional;

/**
 * The span of {@link EnvelopeTracer#NONE}: records nothing, and leaves the request's trace parent,
 * if any, where it is. One shared instance serves every envelope without one.
 */
final class PassThroughSpan implements EnvelopeSpan {

    private static final PassThroughSpan UNTRACED = new PassThroughSpan(Optional.empty());

    private final Optional<String> traceId;

    private PassThroughSpan(Optional<String> traceId) {
        this.traceId = traceId;
    }

    static EnvelopeSpan of(Envelope request) {
        if (request.metadata().isEmpty()) {
            return UNTRACED;
        }
        return TraceParent.of(request).<EnvelopeSpan>map(parent -> new PassThroughSpan(Optional.of(parent.traceId())))
                .orElse(UNTRACED);
    }

    @Override
    public Optional<String> traceId() {
        return traceId;
    }

    @Override
    public HandlerCallSpan handlerCall(Invocation invocation, BindingGuard guard) {
        return new HandlerCallSpan() {
            @Override
            public Invocation invocation() {
                return invocation;
            }

            @Override
            public void attempted() {
                // nothing to record
            }

            @Override
            public void end(OnexException failure) {
                // nothing to record
            }
        };
    }

    @Override
    public Envelope end(Envelope response) {
        return response;
    }
}
