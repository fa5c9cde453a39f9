package io.onex.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One record read back from the testkit's broker.
 *
 * @param topic     the topic
 * @param partition the partition
 * @param offset    the offset in the partition
 * @param key       the key, or {@code null} when the record has none
 * @param value     the value, or {@code null} for a record without one
 * @param headers   the headers, as UTF-8 text, in record order (a repeated name keeps the last)
 */
public record KafkaRecord(String topic, int partition, long offset, byte[] key, byte[] value,
        Map<String, String> headers) {

    public KafkaRecord {
        Objects.requireNonNull(topic, "topic");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** Returns the value as UTF-8 text, or an empty string for a record without a value. */
    public String text() {
        return value == null ? "" : new String(value, StandardCharsets.UTF_8);
    }

    /** Returns the header {@code name}, if the record has it. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }
}
