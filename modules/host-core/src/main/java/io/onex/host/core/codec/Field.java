package io.onex.host.core.codec;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The top-level fields of an envelope on the wire, in the order the codec writes them. */
enum Field {
    ENVELOPE_ID,
    ENVELOPE_VERSION,
    CORRELATION_ID,
    CAUSATION_ID,
    SOURCE_NODE,
    TARGET_NODE,
    HANDLER_TYPE,
    OPERATION,
    PAYLOAD,
    METADATA,
    TIMESTAMP,
    TTL_SECONDS,
    IS_RESPONSE,
    SUCCESS,
    ERROR;

    private static final Map<String, Field> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Field::wireName, Function.identity()));

    /** All wire names, comma-separated, for error messages. */
    static final String ALL = Arrays.stream(values()).map(Field::wireName).collect(Collectors.joining(", "));

    private final String wireName = name().toLowerCase(Locale.ROOT);
    // Pre-encoded so that the generator copies the quoted bytes instead of escaping each time.
    private final SerializableString serialized = new SerializedString(wireName);

    /** Returns the snake_case name on the wire. */
    String wireName() {
        return wireName;
    }

    /** Returns the wire name ready for a generator. */
    SerializableString serialized() {
        return serialized;
    }

    /** Returns this field's bit in a set of fields kept as an {@code int}. */
    int bit() {
        return 1 << ordinal();
    }

    /** Returns the field with this wire name, or {@code null} if there is none. */
    static Field byWireName(String name) {
        return BY_WIRE_NAME.get(name);
    }
}
