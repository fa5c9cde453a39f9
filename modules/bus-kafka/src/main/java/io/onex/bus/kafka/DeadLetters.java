package io.onex.bus.kafka;

import io.onex.host.api.EnvelopeError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The dead-letter format: the input record's key, value and headers unchanged, plus headers that
 * say where it came from and why it could not be processed (see docs/KAFKA.md).
 */
final class DeadLetters {

    /** The input topic the record was read from. */
    static final String ORIGINAL_TOPIC = "onex.original.topic";
    /** Its partition, as decimal text. */
    static final String ORIGINAL_PARTITION = "onex.original.partition";
    /** Its offset, as decimal text. */
    static final String ORIGINAL_OFFSET = "onex.original.offset";
    /** The error code, e.g. ENVELOPE_VALIDATION_ERROR. */
    static final String ERROR_CODE = "onex.error.code";
    /** The human-readable reason. */
    static final String ERROR_MESSAGE = "onex.error.message";
    /** The correlation id, when it could be read from the record. */
    static final String CORRELATION_ID = "onex.correlation_id";
    /** The envelope id, when it could be read from the record. */
    static final String ENVELOPE_ID = "onex.envelope_id";
    /** When the record became a dead letter, RFC 3339 in UTC. */
    static final String DEAD_LETTERED_AT = "onex.dead_lettered_at";

    private DeadLetters() {
    }

    /** Returns the dead letter of {@code input} for {@code topic}. */
    static ProducerRecord<byte[], byte[]> of(String topic, ConsumerRecord<byte[], byte[]> input, EnvelopeError reason,
            Instant now) {
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(topic, null, input.key(), input.value());
        for (Header header : input.headers()) {
            letter.headers().add(header);
        }
        add(letter, ORIGINAL_TOPIC, input.topic());
        add(letter, ORIGINAL_PARTITION, Integer.toString(input.partition()));
        add(letter, ORIGINAL_OFFSET, Long.toString(input.offset()));
        add(letter, ERROR_CODE, reason.code().name());
        add(letter, ERROR_MESSAGE, reason.message());
        if (reason.details().get("correlation_id") instanceof String correlation) {
            add(letter, CORRELATION_ID, correlation);
        }
        if (reason.details().get("envelope_id") instanceof String envelope) {
            add(letter, ENVELOPE_ID, envelope);
        }
        add(letter, DEAD_LETTERED_AT, now.toString());
        return letter;
    }

    private static void add(ProducerRecord<byte[], byte[]> letter, String name, String value) {
        letter.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
