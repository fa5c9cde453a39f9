package io.onex.host.core.runtime;

import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeError;
import io.onex.host.api.EnvelopeMeter;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.EventBus;
import io.onex.host.api.EventBusException;
import io.onex.host.core.codec.DecodeResult;
import io.onex.host.core.log.JsonLog;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last step: gives every {@link Flight} its one answer. Ends the flight's span with it, counts
 * the outcome, publishes the response (or hands unreadable input to the bus as a dead letter),
 * then settles the delivery with the bus and frees the flight's in-flight slot. Whoever answers first wins; later answers of the same flight are
 * ignored, which is what keeps "exactly one response per input" true when a drain's grace period
 * runs out while the envelope is still executing.
 */
final class Responder {

    private static final int PUBLISH_ATTEMPTS = 3;

    private final EventBus bus;
    private final String outputTopic;
    private final NodeRuntime nodes;
    private final HostStats stats;
    private final JsonLog log;
    private final Flights flights;
    private final InflightLimit limit;
    private final FailureLog failures;

    Responder(EventBus bus, String outputTopic, NodeRuntime nodes, HostStats stats, JsonLog log, Flights flights,
            InflightLimit limit, FailureLog failures) {
        this.bus = bus;
        this.outputTopic = outputTopic;
        this.nodes = nodes;
        this.stats = stats;
        this.log = log;
        this.flights = flights;
        this.limit = limit;
        this.failures = failures;
    }

    /**
     * Publishes the one response of {@code flight}, unless it was answered already; ends the
     * flight's span with it first, whoever answers (the worker, a drain, a refusal at stop).
     */
    void answer(Flight flight, Envelope response) {
        if (!flight.claimAnswer()) {
            return;
        }
        boolean published = false;
        try {
            if (flight.span != null) {
                response = flight.span.end(response);
            }
            record(flight, response);
            published = publishCounted(response);
        } finally {
            settle(flight, published);
        }
    }

    /**
     * Hands input that is not a valid envelope back to the bus as a dead letter, or, when the bus
     * keeps none or cannot store it, answers it with {@code errorResponse} as any other failure.
     */
    void deadLetterOrAnswer(Flight flight, Admission.Unreadable unreadable) {
        if (!flight.claimAnswer()) {
            return;
        }
        boolean done = false;
        try {
            record(flight, unreadable.answer());
            if (takenAsDeadLetter(flight, unreadable.rejection())) {
                stats.deadLettered();
                done = true;
            } else {
                done = publishCounted(unreadable.answer());
            }
        } finally {
            settle(flight, done);
        }
    }

    private boolean takenAsDeadLetter(Flight flight, DecodeResult.Rejected rejected) {
        try {
            return flight.settlement.deadLetter(deadLetterReason(rejected));
        } catch (EventBusException e) {
            log.error("a dead letter could not be stored; answering with an error envelope instead",
                    "reason", e.getMessage());
        } catch (RuntimeException e) {
            log.error("the bus failed to take a dead letter; answering with an error envelope instead",
                    "exception", e.getClass().getName());
        }
        return false;
    }

    /** Returns the rejection's error with the ids that could still be read from the input. */
    private static EnvelopeError deadLetterReason(DecodeResult.Rejected rejected) {
        EnvelopeError error = rejected.error();
        if (rejected.correlationId() == null && rejected.envelopeId() == null) {
            return error;
        }
        Map<String, Object> details = new LinkedHashMap<>(error.details());
        if (rejected.correlationId() != null) {
            details.put("correlation_id", rejected.correlationId().toString());
        }
        if (rejected.envelopeId() != null) {
            details.put("envelope_id", rejected.envelopeId().toString());
        }
        return new EnvelopeError(error.code(), error.message(), error.handlerType(),
                error.operation(), error.retryable(), details);
    }

    /** Publishes a response (counted already, by {@link #record}); returns whether the bus took it. */
    private boolean publishCounted(Envelope response) {
        boolean published = publish(response);
        if (log.enabled(JsonLog.Level.DEBUG)) {
            log.debug("response published", "success", response.success(), "response_id", response.envelopeId());
        }
        return published;
    }

    /**
     * Completes the delivery of {@code flight}, or gives it back to the bus when its answer could
     * not be published (a bus with redelivery delivers it again), and frees its in-flight slot.
     */
    private void settle(Flight flight, boolean answered) {
        if (answered) {
            flight.settlement.complete();
        } else {
            flight.settlement.abandon();
        }
        flights.remove(flight);
        limit.release(flight);
    }

    /**
     * Counts the outcome, once, by node ({@link NodeStats}; the host's totals are their sums) and
     * tells the node's or binding's meter; before publishing, so a caller who sees the response
     * sees it counted.
     */
    private void record(Flight flight, Envelope response) {
        NodeRuntime.Node reached = flight.node;
        NodeStats node;
        if (reached == null) {
            node = nodes.unroutedStats();
            node.started();
        } else {
            node = reached.stats;
        }
        node.finished(response.success());
        NodeRuntime.Route route = flight.route;
        EnvelopeMeter meter = route != null ? route.meter() : reached != null ? reached.meter : nodes.unroutedMeter();
        if (response.success()) {
            meter.answered();
        } else {
            meter.failed(response.error() != null ? response.error().code() : ErrorCode.HANDLER_EXECUTION_ERROR);
            failures.failed(flight, response);
        }
    }

    private boolean publish(Envelope response) {
        for (int attempt = 1; ; attempt++) {
            try {
                bus.publish(outputTopic, response);
                return true;
            } catch (EventBusException e) {
                if (attempt >= PUBLISH_ATTEMPTS) {
                    stats.publishFailed();
                    log.error("response could not be published; the input goes back to the bus",
                            "envelope_id", response.envelopeId(), "correlation_id", response.correlationId(),
                            "attempts", attempt, "reason", e.getMessage());
                    return false;
                }
                log.warn("publishing a response failed; retrying", "attempt", attempt, "reason", e.getMessage());
            }
        }
    }
}
