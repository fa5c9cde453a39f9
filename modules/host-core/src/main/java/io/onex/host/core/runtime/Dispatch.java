package io.onex.host.core.runtime;

import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeMeter;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.EventBus;
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
 * The second step: carries out what the intake decided. A refused or unreadable message is
 * answered at once; an accepted request is checked for expiry, routed, admitted by its node,
 * executed through its binding, and answered with the response (or the error that stopped it).
 * Every answer goes through the {@link Responder}.
 *
 * <p>Normally on the flight's own worker thread ({@link #run}). A request whose call can never
 * wait runs on the delivering thread instead ({@link #runHere}): its binding's handler never
 * blocks and its policies hold nothing that waits ({@link ManagedHandler#neverWaits()}), its node
 * has a free place at once, and the bus publishes the answer without waiting for a broker.
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
    private final boolean inline;

    /**
     * @param inline whether requests whose call never waits may run on the delivering thread:
     *               only when the bus publishes answers without waiting ({@link EventBus#publishBlocks()})
     */
    Dispatch(NodeRuntime nodes, InflightLimit limit, Responder responder, JsonLog log, Clock clock,
            Supplier<UUID> ids, boolean inline) {
        this.nodes = nodes;
        this.limit = limit;
        this.responder = responder;
        this.log = log;
        this.clock = clock;
        this.ids = ids;
        this.inline = inline;
    }

    /** Carries out the admission of {@code flight} and answers it, on the flight's worker. */
    void run(Flight flight) {
        switch (flight.admission) {
            case Admission.Unreadable unreadable -> responder.deadLetterOrAnswer(flight, unreadable);
            case Admission.Refused refused -> responder.answer(flight, refused.answer());
            case Admission.Accepted accepted -> inContext(flight, accepted.request(), null);
        }
    }

    /**
     * Runs {@code flight} to its answer on the calling (delivering) thread when nothing of it can
     * wait: an accepted request, not expired, routed to a binding whose call never waits, whose
     * node admits it at once. Returns {@code false}, having changed nothing, when the flight must
     * run on a worker of its own instead ({@link #run}), which then decides everything again.
     */
    boolean runHere(Flight flight) {
        if (!inline || !(flight.admission instanceof Admission.Accepted accepted)) {
            return false;
        }
        Envelope request = accepted.request();
        NodeRuntime.Node node = nodes.find(request.targetNode());
        if (node == null || request.ttlSeconds() != null && request.isExpiredAt(clock.instant())) {
            return false;
        }
        NodeRuntime.Route route = nodes.routeIfNeverWaits(node, request);
        if (route == null) {
            return false;
        }
        OnexException refused = null;
        try {
            if (!route.node().enterIfFree()) {
                return false;
            }
        } catch (OnexException e) {
            refused = e; // RATE_LIMITED: answered here, as a worker would answer it
        }
        inContext(flight, request, new Entry(node, route, refused));
        return true;
    }

    /** Executes {@code request} and answers it with its log context bound; {@code entry} as for {@link #execute}. */
    private void inContext(Flight flight, Envelope request, Entry entry) {
        new LogContext(request.targetNode(), request.handlerType().wireName(), request.envelopeId(),
                request.correlationId(), flight.span.traceId().orElse(null)).runHere(() -> {
                    if (log.enabled(JsonLog.Level.DEBUG)) {
                        log.debug("envelope accepted", "operation", request.operation(), "inline", entry != null);
                    }
                    responder.answer(flight, execute(flight, request, entry));
                });
    }

    /**
     * What {@link #runHere} settled on the delivering thread: the node, the route, and whether the
     * node admitted the request ({@code refused} is {@code null}) or refused it.
     */
    private record Entry(NodeRuntime.Node node, NodeRuntime.Route route, OnexException refused) {
    }

    /**
     * Executes {@code request} and returns its response or error response. On a worker
     * ({@code entry} is {@code null}) it finds the node, checks expiry, routes and waits for a
     * place of the node if need be; after {@link #runHere} those are settled in {@code entry}.
     */
    private Envelope execute(Flight flight, Envelope request, Entry entry) {
        try {
            NodeRuntime.Node node = entry != null ? entry.node() : nodes.find(request.targetNode());
            if (node != null) {
                node.stats.started();
                flight.node = node;
            }
            NodeRuntime.Route route;
            if (entry != null) {
                route = entry.route();
                flight.route = route;
                if (entry.refused() != null) {
                    throw entry.refused();
                }
            } else {
                // Only a request with a time-to-live needs the clock read here.
                if (request.ttlSeconds() != null && request.isExpiredAt(clock.instant())) {
                    throw new ExpiredException("the envelope expired at " + request.timestamp().plusSeconds(
                            request.ttlSeconds()) + " (ttl_seconds " + request.ttlSeconds()
                            + ") before it could run");
                }
                route = nodes.route(node, request);
                flight.route = route;
                enterNode(flight, request, route);
            }
            return Envelope.responseTo(request, call(flight, route), ids.get(), clock.instant());
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

    /** Calls the route's handler for a request its node has admitted, and lets the node's place go. */
    private Map<String, Object> call(Flight flight, NodeRuntime.Route route) {
        flight.handed();
        // The clock is read for a meter that times calls only: with metrics off there is none.
        boolean timed = route.meter() != EnvelopeMeter.NONE;
        long started = timed ? System.nanoTime() : 0;
        HandlerCallSpan call = flight.span.handlerCall(route.invocation(), route.handler().guard());
        try {
            Map<String, Object> result = route.handler().execute(call);
            call.end(null);
            return result;
        } catch (OnexException e) {
            call.end(e);
            throw e;
        } finally {
            if (timed) {
                route.meter().executed(System.nanoTime() - started);
            }
            route.node().exit();
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
