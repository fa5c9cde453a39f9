package io.onex.host.core.runtime;

import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeValidationException;
import io.onex.host.api.Inbound;
import io.onex.host.api.OnexException;
import io.onex.host.api.ServiceUnavailableException;
import io.onex.host.api.Settlement;
import io.onex.host.core.codec.DecodeResult;
import io.onex.host.core.codec.EnvelopeCodec;
import io.onex.host.core.log.JsonLog;
import io.onex.host.core.trace.EnvelopeSpan;
import io.onex.host.core.trace.EnvelopeTracer;
import io.onex.host.core.trace.TraceParent;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The first step of every delivered message, on the thread that delivers it: decodes it once
 * (input that arrives encoded), gives a request without one its correlation id, decides once what
 * the host does with it ({@link Admission}), opens the span of an accepted request, takes an
 * in-flight slot ({@link InflightLimit}, waiting for one if need be) and hands it to
 * {@link Dispatch}: right here when its call can never wait ({@link Dispatch#runHere}), else on
 * a worker of its own. Nothing after it decodes the message again.
 */
final class Intake {

    private final EnvelopeCodec codec;
    private final NodeRuntime nodes;
    private final HostStats stats;
    private final JsonLog log;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final EnvelopeTracer tracer;
    private final InflightLimit limit;
    private final Flights flights;
    private final EnvelopeWorkers workers;
    private final Responder responder;
    private final Dispatch dispatch;

    Intake(EnvelopeCodec codec, NodeRuntime nodes, HostStats stats, JsonLog log, Clock clock, Supplier<UUID> ids,
            EnvelopeTracer tracer, InflightLimit limit, Flights flights, EnvelopeWorkers workers, Responder responder,
            Dispatch dispatch) {
        this.codec = codec;
        this.nodes = nodes;
        this.stats = stats;
        this.log = log;
        this.clock = clock;
        this.ids = ids;
        this.tracer = tracer;
        this.limit = limit;
        this.flights = flights;
        this.workers = workers;
        this.responder = responder;
        this.dispatch = dispatch;
    }

    /** The host's subscription to its input topic. */
    void onDelivery(String topic, Inbound message, Settlement settlement) {
        Admission admission = admit(message);
        EnvelopeSpan span = admission instanceof Admission.Accepted accepted ? tracer.start(accepted.request()) : null;
        Flight flight = new Flight(admission, settlement, span, Flights.stripe());
        if (!limit.take(flight)) {
            refuse(flight, new ServiceUnavailableException(
                    "the host is shutting down and its grace period ran out before this envelope could start"));
            return;
        }
        // A flight that runs here is not listed: nothing can wait in it, so a drain has nothing
        // to answer or interrupt, and the bus counts it as pending until it returns.
        if (workers.inlineAllowed() && dispatch.runHere(flight)) {
            return;
        }
        flights.add(flight);
        try {
            workers.start(flight, () -> dispatch.run(flight));
        } catch (RejectedExecutionException e) {
            refuse(flight, new ServiceUnavailableException("the host has stopped"));
        }
    }

    /** Answers {@code flight} without running it, because the host stops, with what was decided at intake. */
    void refuse(Flight flight, OnexException error) {
        responder.answer(flight, flight.admission.stopping(error, ids.get(), clock.instant()));
    }

    /** Decodes and judges one delivered message; counts it as received, and as rejected when it is. */
    private Admission admit(Inbound message) {
        stats.received();
        Envelope request;
        switch (message) {
            case Inbound.Decoded decoded -> request = decoded.envelope();
            case Inbound.Encoded encoded -> {
                switch (codec.decode(encoded.json())) {
                    case DecodeResult.Decoded ok -> request = TraceParent.adopt(ok.envelope(), encoded.headers());
                    case DecodeResult.Rejected rejected -> {
                        stats.rejected();
                        log.debug("input rejected", "code", rejected.error().code().name(),
                                "reason", rejected.error().message());
                        return new Admission.Unreadable(rejected, rejected.errorEnvelope(ids.get(), clock.instant()));
                    }
                }
            }
        }
        if (request.correlationId() == null) {
            request = request.withCorrelationId(ids.get());
        }
        if (request.isResponse()) {
            return new Admission.Refused(request, Envelope.errorFor(request, new EnvelopeValidationException(
                    "the input topic takes requests; this envelope is a response (is_response: true)")
                    .toError(request.handlerType(), request.operation()), ids.get(), clock.instant()));
        }
        Optional<Envelope> unknownType = unknownType(request);
        if (unknownType.isPresent()) {
            stats.rejected();
            return new Admission.Refused(request, unknownType.get());
        }
        return new Admission.Accepted(request);
    }

    /** See {@link RuntimeHostProcess#unknownType}. */
    Optional<Envelope> unknownType(Envelope request) {
        if (request.handlerType() == null || nodes.knowsType(request.handlerType())) {
            return Optional.empty();
        }
        return Optional.of(Envelope.errorFor(request, new EnvelopeValidationException("handler_type \""
                + request.handlerType().wireName() + "\" is not one of " + nodes.handlerTypes())
                .toError(null, request.operation()), ids.get(), clock.instant()));
    }
}
