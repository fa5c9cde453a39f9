package io.onex.host.core.trace;

import io.onex.host.api.Envelope;

/**
 * Opens the span of each envelope the host executes. The host calls it once per accepted request,
 * on the thread that delivered it, when it takes the request up (before it waits for an in-flight
 * slot and before routing); whoever answers the envelope ends the span with that answer, the
 * shutdown path included.
 *
 * <p>{@link #NONE}, the default, records nothing and costs one metadata look-up: the request's
 * {@code traceparent}, if any, passes through unchanged to the handler and the response (the
 * response's metadata is the request's), and no new trace is started.
 */
@FunctionalInterface
public interface EnvelopeTracer {

    /** Tracing off: no spans; a {@code traceparent} the request carries passes through. */
    EnvelopeTracer NONE = PassThroughSpan::of;

    /** Opens the span of {@code request}, which already has its correlation id. */
    EnvelopeSpan start(Envelope request);
}
