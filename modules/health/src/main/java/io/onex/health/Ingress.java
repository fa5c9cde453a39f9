package io.onex.health;

import io.onex.host.api.Envelope;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.EventBus;
import io.onex.host.api.EventBusException;
import io.onex.host.core.codec.DecodeResult;
import io.onex.host.core.codec.EnvelopeCodec;
import io.onex.host.core.log.JsonLog;
import io.onex.host.core.status.HostStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /v1/envelopes}: publishes the envelope in the request body on the host's input
 * topic and answers with its response envelope, waiting at most the ingress timeout.
 *
 * <p>Outcomes: 200 with the response envelope (successful or not: the envelope says which);
 * 400 with an error envelope for a body that is not a valid envelope; 409 when a request with
 * the same envelope id is already waiting; 503 when the host is not running, the bus refuses the
 * envelope or too many requests wait; 504 when no response came in time.
 */
final class Ingress {

    /** An HTTP answer: status and JSON body. */
    record Reply(int status, byte[] body) {
    }

    private final HostStatus host;
    private final EventBus bus;
    private final ResponseCorrelator correlator;
    private final EnvelopeCodec codec;
    private final Duration timeout;
    private final JsonLog log;

    Ingress(HostStatus host, EventBus bus, ResponseCorrelator correlator, EnvelopeCodec codec, Duration timeout,
            JsonLog log) {
        this.host = host;
        this.bus = bus;
        this.correlator = correlator;
        this.codec = codec;
        this.timeout = timeout;
        this.log = log;
    }

    Reply handle(byte[] body) {
        if (!host.running()) {
            return error(503, ErrorCode.SERVICE_UNAVAILABLE, "the host is " + host.state() + " and takes no envelopes");
        }
        Envelope request;
        switch (codec.decode(body)) {
            case DecodeResult.Decoded ok -> request = ok.envelope();
            case DecodeResult.Rejected rejected -> {
                return new Reply(400, codec.encode(rejected.errorEnvelope(UUID.randomUUID(), Instant.now())));
            }
        }
        if (request.correlationId() == null) {
            request = request.withCorrelationId(UUID.randomUUID());
        }
        java.util.Optional<Envelope> unknownType = host.unknownType(request);
        if (unknownType.isPresent()) {
            return new Reply(400, codec.encode(unknownType.get()));
        }
        UUID id = request.envelopeId();
        switch (correlator.expect(id)) {
            case REGISTERED -> {
            }
            case DUPLICATE -> {
                return error(409, ErrorCode.ENVELOPE_VALIDATION_ERROR,
                        "an envelope with envelope_id " + id + " is already waiting for its response");
            }
            case FULL -> {
                return error(503, ErrorCode.OVERLOADED, "too many envelopes are waiting for responses; retry later");
            }
        }
        try {
            bus.publish(host.inputTopic(), request);
        } catch (EventBusException e) {
            correlator.forget(id);
            log.warn("ingress could not publish an envelope", "envelope_id", id, "reason", e.getMessage());
            return error(503, ErrorCode.EVENT_BUS_ERROR, "the envelope could not be published: " + e.getMessage());
        }
        return correlator.await(id, timeout)
                .map(response -> new Reply(200, codec.encode(response)))
                .orElseGet(() -> error(504, ErrorCode.TIMEOUT, "no response within " + timeout.toMillis()
                        + " ms; the envelope was published (envelope_id " + id + ") and may still be answered"));
    }

    static Reply error(int status, ErrorCode code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.name());
        error.put("message", message);
        return new Reply(status, io.onex.host.core.json.Json.writeBytes(Map.of("error", error)));
    }
}
