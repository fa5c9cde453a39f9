package io.onex.host.core.codec;

import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeError;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.host.core.TestHandlers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Makes random but valid envelopes from a seed, for round-trip tests: requests, responses and
 * error responses with nested payloads of random shape, text from every corner of Unicode,
 * numbers of every type the JSON reader produces, and timestamps of every precision.
 *
 * <p>Numbers are generated with the Java type that reading their JSON text gives back
 * (Integer, then Long, then BigInteger; BigDecimal only with a non-zero scale, since a
 * BigDecimal with scale 0 is written as a whole number), so that a round trip can be checked
 * with {@code equals}.
 */
final class EnvelopeGenerator {

    private static final long YEAR_0000 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long YEAR_9999_END = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    private static final int MAX_DEPTH = 6;
    private static final String[] VERSIONS = {"1.0", "1.0", "1.0", "1.3", "1", "1.10.2"};
    private static final String[] SAMPLES = {"", " ", "tenant_id", "null", "true", "0", "-0.0", "\"", "\\",
        "\\u0000", "</script>", "\u2028\u2029", "é", "中文", "😀", "\uD834\uDD1E", "a\u0000b", "\u007f",
        "\uFEFF", "e\u0301"};
    // No unpaired surrogates anywhere: the envelope reader refuses them (see the decode tests).

    private final Random random;

    EnvelopeGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** Returns the next random envelope: a request, a response or an error response. */
    Envelope next() {
        return switch (random.nextInt(3)) {
            case 0 -> request();
            case 1 -> response();
            default -> errorResponse();
        };
    }

    private Envelope request() {
        HandlerType type = handlerType();
        return new Envelope(uuid(), version(), maybe(this::uuid), maybe(this::uuid), maybe(this::text),
                nonEmptyText(), type, operation(type), maybe(() -> object(0)), metadata(), timestamp(),
                maybe(this::ttl), false, true, null);
    }

    private Envelope response() {
        HandlerType type = maybe(this::handlerType);
        return new Envelope(uuid(), version(), uuid(), uuid(), maybe(this::text), maybe(this::text), type,
                type == null ? maybe(() -> operation(HandlerType.of("local"))) : operation(type),
                maybe(() -> object(0)), metadata(), timestamp(), maybe(this::ttl), true, true, null);
    }

    private Envelope errorResponse() {
        HandlerType type = maybe(this::handlerType);
        String operation = type == null ? null : operation(type);
        ErrorCode code = ErrorCode.values()[random.nextInt(ErrorCode.values().length)];
        EnvelopeError error = new EnvelopeError(code, valueText(), maybe(this::handlerType), maybe(this::valueText),
                random.nextBoolean(), random.nextBoolean() ? Map.of() : object(1));
        return new Envelope(uuid(), version(), maybe(this::uuid), maybe(this::uuid), maybe(this::text),
                maybe(this::text), type, operation, null, metadata(), timestamp(), maybe(this::ttl),
                true, false, error);
    }

    private Map<String, Object> metadata() {
        Map<String, Object> metadata = random.nextInt(4) == 0 ? new LinkedHashMap<>() : object(1);
        if (random.nextBoolean()) {
            metadata.put(Envelope.TENANT_ID, valueText());
        }
        if (random.nextBoolean()) {
            metadata.put("x-unknown-" + key(), value(1));
        }
        return metadata;
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> object = new LinkedHashMap<>();
        int size = random.nextInt(depth == 0 ? 8 : 5);
        for (int i = 0; i < size; i++) {
            object.put(key(), value(depth + 1));
        }
        return object;
    }

    private List<Object> array(int depth) {
        List<Object> array = new ArrayList<>();
        int size = random.nextInt(5);
        for (int i = 0; i < size; i++) {
            array.add(value(depth + 1));
        }
        return array;
    }

    private Object value(int depth) {
        int kinds = depth >= MAX_DEPTH ? 8 : 11;
        return switch (random.nextInt(kinds)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> valueText();
            case 3 -> random.nextInt();
            case 4 -> outsideInt();
            case 5 -> outsideLong();
            case 6 -> decimal();
            case 7 -> random.nextInt(3) - 1;
            case 8, 9 -> object(depth);
            default -> array(depth);
        };
    }

    private long outsideInt() {
        long value = random.nextLong();
        return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? value + (1L << 40) : value;
    }

    private BigInteger outsideLong() {
        BigInteger magnitude = new BigInteger(64 + random.nextInt(300), random).setBit(64);
        return random.nextBoolean() ? magnitude : magnitude.negate();
    }

    private BigDecimal decimal() {
        BigInteger unscaled = new BigInteger(1 + random.nextInt(random.nextBoolean() ? 20 : 300), random);
        if (random.nextBoolean()) {
            unscaled = unscaled.negate();
        }
        int scale = random.nextInt(4) == 0 ? random.nextInt(801) - 400 : random.nextInt(21) - 10;
        return new BigDecimal(unscaled, scale == 0 ? 1 : scale);
    }

    private String key() {
        return text();
    }

    /** Text inside a JSON object of the envelope (payload, metadata, error), which the reader reads. */
    private String valueText() {
        return text();
    }

    private String text() {
        int parts = random.nextInt(5);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            switch (random.nextInt(6)) {
                case 0 -> text.append(SAMPLES[random.nextInt(SAMPLES.length)]);
                case 1 -> text.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000 + 1));
                case 2 -> text.appendCodePoint(bmpNonSurrogate());
                case 3 -> text.append((char) random.nextInt(0x20));
                default -> text.append("abcdefghijklmnopqrstuvwxyz_.-0123456789", 0, 1 + random.nextInt(20));
            }
        }
        return text.toString();
    }

    private String nonEmptyText() {
        String text = text();
        return text.isEmpty() ? "node" : text;
    }

    private int bmpNonSurrogate() {
        int c = 0x80 + random.nextInt(0x10000 - 0x80 - 0x800);
        return c >= Character.MIN_SURROGATE ? c + 0x800 : c;
    }

    private String operation(HandlerType type) {
        if (random.nextBoolean()) {
            List<String> known = TestHandlers.registry().operations(type);
            return known.get(random.nextInt(known.size()));
        }
        return word() + "." + word();
    }

    private String word() {
        String first = "abcdefghijklmnopqrstuvwxyz";
        String rest = first + "0123456789_";
        StringBuilder word = new StringBuilder().append(first.charAt(random.nextInt(first.length())));
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            word.append(rest.charAt(random.nextInt(rest.length())));
        }
        return word.toString();
    }

    private Instant timestamp() {
        long second = YEAR_0000 + (long) (random.nextDouble() * (YEAR_9999_END - YEAR_0000));
        int nanos = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(second, nanos);
    }

    private Integer ttl() {
        return random.nextBoolean() ? random.nextInt(3_600) : random.nextInt(Integer.MAX_VALUE);
    }

    private String version() {
        return VERSIONS[random.nextInt(VERSIONS.length)];
    }

    private HandlerType handlerType() {
        List<String> types = TestHandlers.registry().typeNames();
        return HandlerType.of(types.get(random.nextInt(types.size())));
    }

    private UUID uuid() {
        return new UUID(random.nextLong(), random.nextLong());
    }

    private <T> T maybe(Supplier<T> value) {
        return random.nextInt(3) == 0 ? null : value.get();
    }
}
