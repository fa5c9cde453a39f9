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
     * flight's span with it first, whoever answers (the worker, a drain, a refusal at stop). The
     * flight is settled once the bus says how the publish ended, which may be after this returns
     * and on a thread of the bus's own.
     */
    void answer(Flight flight, Envelope response) {
        if (!flight.claimAnswer()) {
            return;
        }
        boolean handedOn = false;
        try {
            if (flight.span != null) {
                response = flight.span.end(response);
            }
            record(flight, response);
            publish(flight, response);
            handedOn = true;
        } finally {
            if (!handedOn) {
                settle(flight, false);
            }
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
        boolean handedOn = false;
        try {
            record(flight, unreadable.answer());
            if (takenAsDeadLetter(flight, unreadable.rejection())) {
                stats.deadLettered();
                settle(flight, true);
            } else {
                publish(flight, unreadable.answer());
            }
            handedOn = true;
        } finally {
            if (!handedOn) {
                settle(flight, false);
            }
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

    /**
     * Publishes a response (counted already, by {@link #record}) and settles {@code flight} when
     * the bus says how it ended. The bus retries what a retry can fix itself (the Kafka bus for up
     * to a minute, the in-memory bus waits for room in its topic), so a failure is final here: the
     * input goes back to the bus, unless the bus refused the response for good.
     */
    private void publish(Flight flight, Envelope response) {
        bus.publish(outputTopic, response, failure -> published(flight, response, failure));
    }

    /** How the publish of {@code response} ended; runs on whichever thread the bus calls back on. */
    private void published(Flight flight, Envelope response, EventBusException failure) {
        if (failure == null) {
            if (log.enabled(JsonLog.Level.DEBUG)) {
                log.debug("response published", "success", response.success(), "response_id", response.envelopeId());
            }
            settle(flight, true);
            return;
        }
        stats.publishFailed();
        if (!failure.refusedForGood()) {
            log.error("response could not be published; the input goes back to the bus", "envelope_id",
                    response.envelopeId(), "correlation_id", response.correlationId(), "reason", failure.getMessage());
            settle(flight, false);
            return;
        }
        // Given back, the input would be executed and refused again on every delivery: answer it once.
        log.error("the bus refused a response for good; its input is answered with an EVENT_BUS_ERROR envelope"
                + " instead and not delivered again", "envelope_id", response.envelopeId(), "correlation_id",
                response.correlationId(), "reason", failure.getMessage());
        if (response.error() != null && response.error().code() == ErrorCode.EVENT_BUS_ERROR
                && response.payload() == null) {
            settle(flight, true); // this is such an answer already, and was refused too
            return;
        }
        bus.publish(outputTopic, refusedReplacement(response, failure), last -> {
            if (last != null) {
                log.error("the EVENT_BUS_ERROR answer was not published either; the input is settled without an"
                        + " answer", "envelope_id", response.envelopeId(), "correlation_id", response.correlationId(),
                        "reason", last.getMessage());
            }
            settle(flight, true);
        });
    }

    /** Returns the small error answer that stands in for {@code response}, which the bus refused for good. */
    private static Envelope refusedReplacement(Envelope response, EventBusException failure) {
        EnvelopeError error = new EnvelopeError(ErrorCode.EVENT_BUS_ERROR, "the event bus refused the response for"
                + " good and it was replaced by this error: " + failure.getMessage(), response.handlerType(), null,
                false, Map.of());
        return Envelope.errorForUnreadable(response.causationId(), response.correlationId(), null,
                response.handlerType(), null, error, response.envelopeId(), response.timestamp());
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
}
