package io.onex.host.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes the Java values {@link Json} describes to a generator, refusing what could not be read
 * back: values that are not JSON-shaped, NaN and infinities, object keys with an unpaired
 * surrogate char, and nesting deeper than {@value JsonLimits#DEPTH_CEILING} levels (which also
 * stops a map or list that contains itself).
 */
final class JsonValueWriter {

    private JsonValueWriter() {
    }

    /**
     * Writes {@code value} to {@code generator}.
     *
     * @throws IllegalArgumentException if {@code value} or anything in it is not JSON-shaped,
     *                                  is NaN or infinite, or nests deeper than
     *                                  {@value JsonLimits#DEPTH_CEILING} levels
     */
    static void write(JsonGenerator generator, Object value) throws IOException {
        switch (value) {
            case null -> generator.writeNull();
            case String s -> generator.writeString(s);
            case Boolean b -> generator.writeBoolean(b);
            case Integer i -> generator.writeNumber(i);
            case Long l -> generator.writeNumber(l);
            case BigInteger i -> generator.writeNumber(i);
            case BigDecimal d -> generator.writeNumber(d);
            case Double d -> generator.writeNumber(finite(d));
            case Float f -> generator.writeNumber((float) finite(f));
            case Short s -> generator.writeNumber(s);
            case Byte b -> generator.writeNumber(b);
            case Map<?, ?> map -> writeObject(generator, map);
            case List<?> list -> writeArray(generator, list);
            case Instant instant -> generator.writeString(DateTimeFormatter.ISO_INSTANT.format(instant));
            case UUID uuid -> generator.writeString(uuid.toString());
            case Enum<?> constant -> generator.writeString(constant.name());
            default -> throw new IllegalArgumentException(
                    "not a JSON-shaped value: " + value.getClass().getName());
        }
    }

    private static void writeObject(JsonGenerator generator, Map<?, ?> map) throws IOException {
        checkDepth(generator);
        generator.writeStartObject();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException("JSON object keys must be strings, not "
                        + (entry.getKey() == null ? "null" : entry.getKey().getClass().getName()));
            }
            if (hasUnpairedSurrogate(key)) {
                // Jackson's UTF-8 reader refuses such keys (it takes values), so they could not be read back.
                throw new IllegalArgumentException("a JSON object key has an unpaired surrogate char: \""
                        + Excerpt.of(key, 32) + "\"");
            }
            generator.writeFieldName(key);
            write(generator, entry.getValue());
        }
        generator.writeEndObject();
    }

    private static void writeArray(JsonGenerator generator, List<?> list) throws IOException {
        checkDepth(generator);
        generator.writeStartArray();
        for (Object element : list) {
            write(generator, element);
        }
        generator.writeEndArray();
    }

    private static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == text.length()
                        || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            }
        }
        return false;
    }

    private static void checkDepth(JsonGenerator generator) {
        // Also what stops a map or list that contains itself.
        if (generator.getOutputContext().getNestingDepth() >= JsonLimits.DEPTH_CEILING) {
            throw new IllegalArgumentException(
                    "the value nests deeper than " + JsonLimits.DEPTH_CEILING + " levels");
        }
    }

    private static double finite(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON has no " + value);
        }
        return value;
    }
}
