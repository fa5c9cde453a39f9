package com.example.onex.redis.internal;

import io.onex.host.api.EnvelopeValidationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and checks the fields of one request payload. Every refusal is an
 * {@link EnvelopeValidationException} naming the operation, the field and the rule; it quotes no
 * value, since a payload may carry anything.
 */
final class RedisPayload {

    /** The longest key, in bytes: Redis allows more, but a key this long is a mistake. */
    static final int MAX_KEY_BYTES = 1024;

    private final String operation;
    private final Map<String, Object> payload;

    private RedisPayload(String operation, Map<String, Object> payload) {
        this.operation = operation;
        this.payload = payload;
    }

    /** Returns the reader of {@code payload}, refusing any field but {@code fields}. */
    static RedisPayload of(String operation, Map<String, Object> payload, List<String> fields) {
        for (String field : payload.keySet()) {
            if (!fields.contains(field)) {
                throw new EnvelopeValidationException(operation + ": payload." + field + " is not a field of "
                        + operation + "; its fields are " + fields);
            }
        }
        return new RedisPayload(operation, payload);
    }

    /** Returns the required, non-empty {@code key}. */
    String key() {
        if (!(payload.get("key") instanceof String key) || key.isEmpty()) {
            throw invalid("key", payload.get("key") == null ? "is required" : "must be a non-empty text");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw invalid("key", "must be at most " + MAX_KEY_BYTES + " bytes");
        }
        return key;
    }

    /** Returns the required text {@code value}, at most {@code maxBytes} bytes. */
    String value(int maxBytes) {
        Object value = payload.get("value");
        if (!(value instanceof String text)) {
            throw invalid("value", value == null ? "is required" : "must be a text (write numbers as text, e.g. \"42\")");
        }
        if (text.length() > maxBytes || text.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw invalid("value", "must be at most " + maxBytes + " bytes (the binding's max_value_bytes)");
        }
        return text;
    }

    /** Returns the whole number {@code field} from {@code min} to {@code max}, if present. */
    Optional<Long> whole(String field, long min, long max) {
        Object value = payload.get(field);
        if (value == null) {
            return Optional.empty();
        }
        BigDecimal number = switch (value) {
            case Integer i -> BigDecimal.valueOf(i);
            case Long l -> BigDecimal.valueOf(l);
            case BigInteger b -> new BigDecimal(b);
            case BigDecimal d -> d;
            default -> null;
        };
        if (number == null || number.stripTrailingZeros().scale() > 0 || number.compareTo(BigDecimal.valueOf(min)) < 0
                || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw invalid(field, "must be a whole number from " + min + " to " + max);
        }
        return Optional.of(number.longValueExact());
    }

    private EnvelopeValidationException invalid(String field, String rule) {
        return new EnvelopeValidationException(operation + ": payload." + field + " " + rule);
    }
}
