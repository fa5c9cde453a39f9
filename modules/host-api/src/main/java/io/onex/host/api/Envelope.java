package io.onex.host.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The one message format for everything that crosses the event bus.
 *
 * <p>The record mirrors the wire format field for field (see the contract reference); the
 * components that the wire allows to be {@code null} are {@code null} here too, and each has an
 * {@code Optional} view. Payload and metadata hold JSON-shaped values: {@code String},
 * {@code Boolean}, {@code Number} ({@code Integer}, {@code Long}, {@code BigInteger},
 * {@code BigDecimal} or {@code Double}), {@code List}, {@code Map<String, ?>} and {@code null}.
 * Both maps are copied shallowly and cannot be modified; nested values must not be modified
 * after construction.
 *
 * <p>Build envelopes with the named factories: {@link #request}, {@link #responseTo},
 * {@link #errorFor}.
 *
 * @param envelopeId     new for every envelope, responses included
 * @param envelopeVersion the format version, {@value #VERSION} today
 * @param correlationId  ties a request to its responses; {@code null} only on a request the
 *                       host has not yet accepted
 * @param causationId    on a response, the request's envelope id; otherwise usually {@code null}
 * @param sourceNode     the node that sent the envelope, or {@code null}
 * @param targetNode     the node the envelope is for; {@code null} only on a response to a
 *                       request without a source
 * @param handlerType    the handler the request addresses; {@code null} only on an error
 *                       response to input that named none
 * @param operation      the dotted lowercase operation, e.g. {@code http.get}; {@code null} only
 *                       on an error response to input that named none
 * @param payload        the request or response body, opaque to the bus and the router
 * @param metadata       free-form string-keyed JSON values; {@code tenant_id} is reserved
 * @param timestamp      when the envelope was created, in UTC
 * @param ttlSeconds     how long a request stays executable after {@code timestamp}, or
 *                       {@code null} for no limit
 * @param isResponse     whether this envelope answers a request
 * @param success        {@code false} exactly when {@code error} is present
 * @param error          the error of an error response, else {@code null}
 */
public record Envelope(
        UUID envelopeId,
        String envelopeVersion,
        UUID correlationId,
        UUID causationId,
        String sourceNode,
        String targetNode,
        HandlerType handlerType,
        String operation,
        Map<String, Object> payload,
        Map<String, Object> metadata,
        Instant timestamp,
        Integer ttlSeconds,
        boolean isResponse,
        boolean success,
        EnvelopeError error) {

    /** The envelope format version this host writes. */
    public static final String VERSION = "1.0";

    /** The metadata key that holds the tenant of an envelope. Reserved. */
    public static final String TENANT_ID = "tenant_id";

    /** The metadata key in which a response keeps the request's target node. */
    public static final String ORIGINAL_TARGET_NODE = "original_target_node";

    /** The metadata key with which a request picks one of several bindings of its handler type. */
    public static final String BINDING = "binding";

    public Envelope {
        Objects.requireNonNull(envelopeId, "envelope_id");
        Objects.requireNonNull(envelopeVersion, "envelope_version");
        Objects.requireNonNull(timestamp, "timestamp");
        payload = payload == null ? null : FrozenMap.of(payload);
        metadata = metadata == null || metadata.isEmpty() ? Map.of() : FrozenMap.of(metadata);
        if (!isResponse) {
            Objects.requireNonNull(targetNode, "target_node");
            Objects.requireNonNull(handlerType, "handler_type");
            Objects.requireNonNull(operation, "operation");
        }
        if (success == (error != null)) {
            throw new IllegalArgumentException("success must be false exactly when error is present");
        }
        if (error != null && payload != null) {
            throw new IllegalArgumentException("an error envelope carries no payload");
        }
        if (ttlSeconds != null && ttlSeconds < 0) {
            throw new IllegalArgumentException("ttl_seconds must not be negative: " + ttlSeconds);
        }
    }

    /**
     * Returns a new request for {@code targetNode} with a fresh envelope id, the current time and
     * no correlation id (the host assigns one when it accepts the request).
     */
    public static Envelope request(String targetNode, HandlerType handlerType, String operation,
            Map<String, Object> payload) {
        return new Envelope(UUID.randomUUID(), VERSION, null, null, null, targetNode, handlerType,
                operation, payload, Map.of(), Instant.now(), null, false, true, null);
    }

    /** Returns a successful response to {@code request}, with a fresh id and the current time. */
    public static Envelope responseTo(Envelope request, Map<String, Object> payload) {
        return responseTo(request, payload, UUID.randomUUID(), Instant.now());
    }

    /**
     * Returns a successful response to {@code request} with the given id and time: the
     * correlation id is echoed, the causation id is the request's id, and the metadata keeps
     * the request's target node as {@value #ORIGINAL_TARGET_NODE}.
     */
    public static Envelope responseTo(Envelope request, Map<String, Object> payload, UUID id, Instant now) {
        return new Envelope(id, VERSION, request.correlationId, request.envelopeId, request.targetNode,
                request.sourceNode, request.handlerType, request.operation, payload == null ? Map.of() : payload,
                responseMetadata(request), now, null, true, true, null);
    }

    /** Returns an error response to {@code request}, with a fresh id and the current time. */
    public static Envelope errorFor(Envelope request, EnvelopeError error) {
        return errorFor(request, error, UUID.randomUUID(), Instant.now());
    }

    /**
     * Returns an error response to {@code request} with the given id and time: no payload, the
     * correlation id echoed and the causation id set to the request's id.
     */
    public static Envelope errorFor(Envelope request, EnvelopeError error, UUID id, Instant now) {
        return new Envelope(id, VERSION, request.correlationId, request.envelopeId, request.targetNode,
                request.sourceNode, request.handlerType, request.operation, null,
                responseMetadata(request), now, null, true, false, Objects.requireNonNull(error, "error"));
    }

    /**
     * Returns an error response to input that could not be read as a request. Whatever could be
     * read of it ({@code causationId}, {@code correlationId}, ...) may be {@code null}; a missing
     * correlation id is replaced by a new one so that the answer can still be correlated.
     */
    public static Envelope errorForUnreadable(UUID causationId, UUID correlationId, String targetNode,
            HandlerType handlerType, String operation, EnvelopeError error, UUID id, Instant now) {
        Map<String, Object> metadata = targetNode == null ? Map.of() : Map.of(ORIGINAL_TARGET_NODE, targetNode);
        return new Envelope(id, VERSION, correlationId != null ? correlationId : UUID.randomUUID(), causationId,
                targetNode, null, handlerType, operation, null, metadata, now, null, true, false,
                Objects.requireNonNull(error, "error"));
    }

    /** Returns this envelope with the given correlation id. */
    public Envelope withCorrelationId(UUID id) {
        return new Envelope(envelopeId, envelopeVersion, Objects.requireNonNull(id, "correlation_id"), causationId,
                sourceNode, targetNode, handlerType, operation, payload, metadata, timestamp, ttlSeconds,
                isResponse, success, error);
    }

    /** Returns this envelope with the given source node. */
    public Envelope withSourceNode(String node) {
        return new Envelope(envelopeId, envelopeVersion, correlationId, causationId, node, targetNode,
                handlerType, operation, payload, metadata, timestamp, ttlSeconds, isResponse, success, error);
    }

    /** Returns this envelope with the given metadata, replacing what it had. */
    public Envelope withMetadata(Map<String, Object> newMetadata) {
        return new Envelope(envelopeId, envelopeVersion, correlationId, causationId, sourceNode, targetNode,
                handlerType, operation, payload, newMetadata, timestamp, ttlSeconds, isResponse, success, error);
    }

    /** Returns this envelope with the given time-to-live in seconds. */
    public Envelope withTtlSeconds(int seconds) {
        return new Envelope(envelopeId, envelopeVersion, correlationId, causationId, sourceNode, targetNode,
                handlerType, operation, payload, metadata, timestamp, seconds, isResponse, success, error);
    }

    /** Returns the correlation id, if assigned. */
    public Optional<UUID> correlation() {
        return Optional.ofNullable(correlationId);
    }

    /** Returns the error of an error response. */
    public Optional<EnvelopeError> failure() {
        return Optional.ofNullable(error);
    }

    /** Returns the time-to-live, if the envelope has one. */
    public Optional<Integer> ttl() {
        return Optional.ofNullable(ttlSeconds);
    }

    /** Returns whether this envelope's time-to-live has run out at {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return ttlSeconds != null && now.isAfter(timestamp.plusSeconds(ttlSeconds));
    }

    private static Map<String, Object> responseMetadata(Envelope request) {
        if (request.metadata.isEmpty()) {
            // Most requests carry no metadata: their response's holds one entry, or none.
            return request.targetNode == null ? Map.of() : FrozenMap.of(ORIGINAL_TARGET_NODE, request.targetNode);
        }
        // Sized for what it will hold: growing it on the put costs a rehash on every response.
        LinkedHashMap<String, Object> metadata = LinkedHashMap.newLinkedHashMap(request.metadata.size() + 1);
        metadata.putAll(request.metadata);
        if (request.targetNode != null) {
            metadata.put(ORIGINAL_TARGET_NODE, request.targetNode);
        }
        return FrozenMap.owning(metadata);
    }
}
