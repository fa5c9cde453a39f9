package io.onex.host.core.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeError;
import io.onex.host.api.HandlerType;
import io.onex.host.core.Ids;
import io.onex.host.core.json.Json;
import io.onex.host.core.json.JsonLimits;
import io.onex.host.core.json.JsonOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Converts envelopes to and from their JSON wire format (snake_case field names, see the
 * envelope section of the specification).
 *
 * <p>{@link #encode} writes one compact JSON object with every field, in a fixed order, absent
 * values as {@code null}, and the timestamp in RFC 3339 UTC with the instant's full precision.
 * {@link #decode} accepts envelopes as people type them: only {@code target_node},
 * {@code handler_type} and {@code operation} are required on a request; the id, version, time
 * and metadata get defaults. It never throws for bad input; it answers with a
 * {@link DecodeResult.Rejected} that says what is wrong. Decoding what {@code encode} wrote gives
 * back an equal envelope (numbers keep their value; see {@link Json} for their Java types).
 *
 * <p>Every intake of the host (standard input, the HTTP ingress, Kafka records) decodes with
 * the {@linkplain JsonLimits#envelope() envelope limits} unless built otherwise: the bytes must
 * be strict UTF-8 and the envelope at most {@value JsonLimits#MAX_ENVELOPE_BYTES} bytes, nested
 * at most 200 deep, with at most {@value JsonLimits#MAX_ENVELOPE_VALUES} JSON values and no
 * number with more than {@value JsonLimits#MAX_NUMBER_DIGITS} digits either side of its point.
 * Anything beyond is answered with ENVELOPE_VALIDATION_ERROR.
 *
 * <p>A codec is immutable and thread-safe.
 */
public final class EnvelopeCodec {

    private static final EnvelopeCodec STANDARD =
            new EnvelopeCodec(Clock.systemUTC(), Ids::fastRandomUuid, JsonLimits.envelope());

    private final Clock clock;
    private final Supplier<UUID> ids;
    private final JsonLimits limits;

    private EnvelopeCodec(Clock clock, Supplier<UUID> ids, JsonLimits limits) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    private static final EnvelopeCodec RESPONSES =
            new EnvelopeCodec(Clock.systemUTC(), Ids::fastRandomUuid, JsonLimits.defaults());

    /** Returns the codec that stamps input with the system clock and fast random ids. */
    public static EnvelopeCodec standard() {
        return STANDARD;
    }

    /**
     * Returns a codec like {@link #standard()} for reading back the host's own responses (from
     * its output topic, to answer an ingress caller): within the {@linkplain JsonLimits#defaults()
     * default limits}, not the envelope budget, since a response may carry a handler's whole
     * answer, up to its own configured limit.
     */
    public static EnvelopeCodec forResponses() {
        return RESPONSES;
    }

    /**
     * Returns a codec that takes the default timestamp from {@code clock} and the default
     * envelope id from {@code ids}, within the {@linkplain JsonLimits#envelope() envelope limits}.
     */
    public static EnvelopeCodec create(Clock clock, Supplier<UUID> ids) {
        return new EnvelopeCodec(clock, ids, JsonLimits.envelope());
    }

    /** Returns a codec like {@link #create(Clock, Supplier)} that reads within {@code limits}. */
    public static EnvelopeCodec create(Clock clock, Supplier<UUID> ids, JsonLimits limits) {
        return new EnvelopeCodec(clock, ids, limits);
    }

    /**
     * Returns {@code envelope} as compact UTF-8 JSON.
     *
     * @throws IllegalArgumentException if the payload, metadata or error details hold a value
     *                                  that is not JSON-shaped (see {@link Json})
     */
    public byte[] encode(Envelope envelope) {
        JsonOutput out = new JsonOutput();
        try (JsonGenerator generator = Json.createGenerator(out)) {
            write(generator, envelope);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Returns {@code envelope} as compact JSON text; see {@link #encode}. */
    public String encodeToString(Envelope envelope) {
        return new String(encode(envelope), StandardCharsets.UTF_8);
    }

    /** Returns the envelope in the UTF-8 JSON {@code json}, or why there is none. Never throws for bad input. */
    public DecodeResult decode(byte[] json) {
        return new EnvelopeReader(clock, ids, limits).read(json);
    }

    /** Returns the envelope in the JSON text {@code json}, or why there is none; see {@link #decode(byte[])}. */
    public DecodeResult decode(String json) {
        return decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(JsonGenerator generator, Envelope envelope) throws IOException {
        generator.writeStartObject();
        generator.writeFieldName(Field.ENVELOPE_ID.serialized());
        generator.writeString(envelope.envelopeId().toString());
        generator.writeFieldName(Field.ENVELOPE_VERSION.serialized());
        generator.writeString(envelope.envelopeVersion());
        generator.writeFieldName(Field.CORRELATION_ID.serialized());
        writeUuid(generator, envelope.correlationId());
        generator.writeFieldName(Field.CAUSATION_ID.serialized());
        writeUuid(generator, envelope.causationId());
        generator.writeFieldName(Field.SOURCE_NODE.serialized());
        generator.writeString(envelope.sourceNode());
        generator.writeFieldName(Field.TARGET_NODE.serialized());
        generator.writeString(envelope.targetNode());
        generator.writeFieldName(Field.HANDLER_TYPE.serialized());
        writeHandlerType(generator, envelope.handlerType());
        generator.writeFieldName(Field.OPERATION.serialized());
        generator.writeString(envelope.operation());
        generator.writeFieldName(Field.PAYLOAD.serialized());
        Json.write(generator, envelope.payload());
        generator.writeFieldName(Field.METADATA.serialized());
        Json.write(generator, envelope.metadata());
        generator.writeFieldName(Field.TIMESTAMP.serialized());
        generator.writeString(Rfc3339.format(envelope.timestamp()));
        generator.writeFieldName(Field.TTL_SECONDS.serialized());
        if (envelope.ttlSeconds() == null) {
            generator.writeNull();
        } else {
            generator.writeNumber(envelope.ttlSeconds());
        }
        generator.writeFieldName(Field.IS_RESPONSE.serialized());
        generator.writeBoolean(envelope.isResponse());
        generator.writeFieldName(Field.SUCCESS.serialized());
        generator.writeBoolean(envelope.success());
        generator.writeFieldName(Field.ERROR.serialized());
        writeError(generator, envelope.error());
        generator.writeEndObject();
    }

    private static void writeError(JsonGenerator generator, EnvelopeError error) throws IOException {
        if (error == null) {
            generator.writeNull();
            return;
        }
        generator.writeStartObject();
        generator.writeStringField(ErrorReader.CODE, error.code().name());
        generator.writeStringField(ErrorReader.MESSAGE, error.message());
        generator.writeFieldName(ErrorReader.HANDLER_TYPE);
        writeHandlerType(generator, error.handlerType());
        generator.writeStringField(ErrorReader.OPERATION, error.operation());
        generator.writeBooleanField(ErrorReader.RETRYABLE, error.retryable());
        generator.writeFieldName(ErrorReader.DETAILS);
        Json.write(generator, error.details());
        generator.writeEndObject();
    }

    private static void writeUuid(JsonGenerator generator, UUID uuid) throws IOException {
        generator.writeString(uuid == null ? null : uuid.toString());
    }

    private static void writeHandlerType(JsonGenerator generator, HandlerType type) throws IOException {
        generator.writeString(type == null ? null : type.wireName());
    }
}
