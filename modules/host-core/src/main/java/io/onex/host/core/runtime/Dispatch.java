package io.onex.host.core.runtime;

import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeMeter;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.ExpiredException;
import io.onex.host.api.OnexException;
import io.onex.host.api.OnexTimeoutException;
import io.onex.host.api.ServiceUnavailableException;
import io.onex.host.core.log.JsonLog;
import io.onex.host.core.log.LogContext;
import io.onex.host.core.resilience.NodeGuard;
import io.onex.host.core.trace.HandlerCallSpan;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The second step, on the flight's own worker thread: carries out what the intake decided. A
 * refused or unreadable message is answered at once; an accepted request is checked for expiry,
 * routed, admitted by its node, executed through its binding, and answered with the response (or
 * the error that stopped it). Every answer goes through the {@link Responder}.
 */
final class Dispatch {

    /** How long an envelope waits in its node's queue when its binding has no {@code timeout_ms}. */
    static final Duration DEFAULT_NODE_WAIT = Duration.ofSeconds(30);

    private final NodeRuntime nodes;
    private final InflightLimit limit;
    private final Responder responder;
    private final JsonLog log;
    private final Clock clock;
    private final Supplier<UUID> ids;

    Dispatch(NodeRuntime nodes, InflightLimit limit, Responder responder, JsonLog log, Clock clock,
            Supplier<UUID> ids) {
        this.nodes = nodes;
        this.limit = limit;
        this.responder = responder;
        this.log = log;
        this.clock = clock;
        this.ids = ids;
    }

    /** Carries out the admission of {@code flight} and answers it. */
    void run(Flight flight) {
        switch (flight.admission) {
            case Admission.Unreadable unreadable -> responder.deadLetterOrAnswer(flight, unreadable);
            case Admission.Refused refused -> responder.answer(flight, refused.answer());
            case Admission.Accepted accepted -> {
                Envelope request = accepted.request();
                new LogContext(request.targetNode(), request.handlerType().wireName(), request.envelopeId(),
                        request.correlationId(), flight.span.traceId().orElse(null)).run(() -> {
                            if (log.enabled(JsonLog.Level.DEBUG)) {
                                log.debug("envelope accepted", "operation", request.operation());
                            }
                            responder.answer(flight, execute(flight, request));
                        });
            }
        }
    }

    private Envelope execute(Flight flight, Envelope request) {
        try {
            NodeRuntime.Node node = nodes.find(request.targetNode());
            if (node != null) {
                node.stats.started();
                flight.node = node;
            }
            // Only a request with a time-to-live needs the clock read here.
            if (request.ttlSeconds() != null && request.isExpiredAt(clock.instant())) {
                throw new ExpiredException("the envelope expired at " + request.timestamp().plusSeconds(
                        request.ttlSeconds()) + " (ttl_seconds " + request.ttlSeconds() + ") before it could run");
            }
            NodeRuntime.Route route = nodes.route(node, request);
            flight.route = route;
            enterNode(flight, request, route);
            flight.handed();
            Map<String, Object> result;
            // The clock is read for a meter that times calls only: with metrics off there is none.
            boolean timed = route.meter() != EnvelopeMeter.NONE;
            long started = timed ? System.nanoTime() : 0;
            HandlerCallSpan call = flight.span.handlerCall(route.invocation(), route.handler().guard());
            try {
                result = route.handler().execute(call);
                call.end(null);
            } catch (OnexException e) {
                call.end(e);
                throw e;
            } finally {
                if (timed) {
                    route.meter().executed(System.nanoTime() - started);
                }
                route.node().exit();
            }
            return Envelope.responseTo(request, result, ids.get(), clock.instant());
        } catch (OnexException e) {
            // Logged at warn when answered (FailureLog), without the message: a handler's may quote input.
            return Envelope.errorFor(request, e.toError(request.handlerType(), request.operation()), ids.get(),
                    clock.instant());
        } catch (RuntimeException e) {
            // A defect in the host itself: still answer, and say which class failed, never its message.
            log.error("unexpected failure while executing an envelope", "exception", e.getClass().getName());
            return Envelope.errorFor(request, OnexException.of(ErrorCode.HANDLER_EXECUTION_ERROR,
                    "the host failed unexpectedly (" + e.getClass().getSimpleName() + ")")
                    .toError(request.handlerType(), request.operation()), ids.get(), clock.instant());
        }
    }

    /**
     * Takes a place of the request's node: at once, or after waiting in the node's queue. While it
     * waits, the envelope gives its in-flight slot back, so that a node's queue never holds the
     * slots other nodes' envelopes need; it takes one again once it has its place. The wait ends
     * at the envelope's expiry (EXPIRED) or after its binding's {@code timeout_ms}, or
     * {@link #DEFAULT_NODE_WAIT} when it has none (TIMEOUT).
     */
    private void enterNode(Flight flight, Envelope request, NodeRuntime.Route route) {
        NodeGuard guard = route.node();
        if (guard.tryEnter()) {
            return;
        }
        Duration wait = route.handler().binding().timeout().orElse(DEFAULT_NODE_WAIT);
        boolean expiryFirst = false;
        if (request.ttlSeconds() != null) {
            Duration untilExpiry = Duration.between(clock.instant(),
                    request.timestamp().plusSeconds(request.ttlSeconds()));
            if (untilExpiry.compareTo(wait) < 0) {
                wait = untilExpiry.isNegative() ? Duration.ZERO : untilExpiry;
                expiryFirst = true;
            }
        }
        limit.release(flight);
        boolean admitted;
        try {
            admitted = guard.awaitEntry(wait.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("the host stopped while this envelope waited for a place of node '"
                    + guard.slug() + "'");
        }
        if (!admitted) {
            if (expiryFirst) {
                throw new ExpiredException("the envelope expired at " + request.timestamp().plusSeconds(
                        request.ttlSeconds()) + " (ttl_seconds " + request.ttlSeconds() + ") while it waited for a"
                        + " place of node '" + guard.slug() + "' (limits.max_concurrent, limits.queue)");
            }
            throw new OnexTimeoutException("the envelope waited " + wait.toMillis() + " ms for a place of node '"
                    + guard.slug() + "' (limits.max_concurrent, limits.queue) without getting one");
        }
        if (!limit.retake(flight)) {
            guard.exit();
            throw new ServiceUnavailableException("the host shut down while this envelope waited for a place of node '"
                    + guard.slug() + "'");
        }
    }
}
