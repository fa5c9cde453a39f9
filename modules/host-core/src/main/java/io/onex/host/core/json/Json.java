package io.onex.host.core.json;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Converts between JSON text and JSON-shaped Java values.
 *
 * <p>Reading yields {@code String}, {@code Boolean}, {@code null}, {@code Integer} (whole numbers
 * that fit), {@code Long} (that fit), {@code BigInteger} (the rest), {@code BigDecimal} (any
 * number with a fraction or an exponent, kept exactly as written), {@code List<Object>}
 * ({@code ArrayList}) and {@code Map<String, Object>} ({@code LinkedHashMap}, in document
 * order). Duplicate keys, trailing content after the value, bytes that are not strict UTF-8
 * (see {@link Utf8}), a number with more than {@value JsonLimits#MAX_NUMBER_DIGITS} digits
 * before or after its decimal point, and anything beyond the {@link JsonLimits} are
 * {@link JsonSyntaxException errors}; those about numbers and the budget name where, as a JSON
 * pointer. So every number read can be written out as plain text ({@link #plainText}) at a
 * bounded cost. JSON has no negative zero that
 * survives this mapping: {@code -0} reads as {@code 0} and {@code -0.0} as {@code 0.0}.
 *
 * <p>Writing accepts the same values plus {@code Double}, {@code Float}, {@code Short},
 * {@code Byte}, {@code Instant} (RFC 3339 text), {@code UUID} (text) and enums (by
 * {@code name()}); NaN and infinities are rejected, and so are object keys with an unpaired
 * surrogate char, which the reader would refuse (in string values such chars are written as
 * <code>&#92;uXXXX</code> escapes and read back unchanged). Output is compact UTF-8; characters outside
 * ASCII are written as themselves, not escaped.
 *
 * <p>All methods are thread-safe and share one {@link JsonFactory}.
 */
public final class Json {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            // Depth is checked against the caller's JsonLimits while reading; Jackson's own
            // checks only stand behind that, at the ceiling the reader's recursion allows.
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(JsonLimits.DEPTH_CEILING)
                    .build())
            .streamWriteConstraints(StreamWriteConstraints.builder()
                    .maxNestingDepth(JsonLimits.DEPTH_CEILING)
                    .build())
            // Error messages go back to whoever sent the input: keep quoted input short.
            .errorReportConfiguration(ErrorReportConfiguration.builder()
                    .maxErrorTokenLength(32)
                    .maxRawContentLength(0)
                    .build())
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            // Keys from untrusted input would otherwise fill the JVM's string table.
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            // Without this, characters outside the BMP are written as pairs of escaped surrogates.
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            // The host runs envelopes on virtual threads, where a thread-local buffer pool
            // would hand every envelope fresh buffers; a shared pool reuses them.
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
            .build();

    private static final Pattern EMBEDDED_LOCATION =
            Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");

    private Json() {
    }

    /** Returns the JSON value in {@code json}, read with the default limits. */
    public static Object read(byte[] json) {
        return read(json, JsonLimits.defaults());
    }

    /** Returns the JSON value in {@code json}, read with the default limits. */
    public static Object read(String json) {
        return read(json, JsonLimits.defaults());
    }

    /** Returns the JSON value in the UTF-8 text {@code json}, read within {@code limits}. */
    public static Object read(byte[] json, JsonLimits limits) {
        checkLength(json.length, "bytes", limits);
        String notUtf8 = Utf8.problem(json);
        if (notUtf8 != null) {
            throw new JsonSyntaxException("the input is not valid UTF-8: " + notUtf8, 0, 0);
        }
        try (JsonParser parser = FACTORY.createParser(json)) {
            return readDocument(parser, JsonBudget.of(limits));
        } catch (IOException e) {
            throw syntaxError(e, null); // only creating or closing a parser over an array gets here
        }
    }

    /** Returns the JSON value in {@code json}, read within {@code limits}. */
    public static Object read(String json, JsonLimits limits) {
        checkLength(json.length(), "chars", limits);
        try (JsonParser parser = FACTORY.createParser(json)) {
            return readDocument(parser, JsonBudget.of(limits));
        } catch (IOException e) {
            throw syntaxError(e, null); // only creating or closing a parser over a string gets here
        }
    }

    /** Returns the JSON object in {@code json}; any other value is a {@link JsonSyntaxException}. */
    public static Map<String, Object> readObject(byte[] json) {
        return asObject(read(json));
    }

    /** Returns the JSON object in {@code json}; any other value is a {@link JsonSyntaxException}. */
    public static Map<String, Object> readObject(String json) {
        return asObject(read(json));
    }

    /**
     * Returns the value that starts at the parser's current token and leaves the parser on that
     * value's last token. Nesting is counted from the parser's current depth, so a value read
     * inside an enclosing object counts that object too; what the value holds is taken from
     * {@code budget}, which the caller may share between several values of one document.
     *
     * @throws JsonSyntaxException if the value is malformed, breaks the limits or overspends
     *                             {@code budget}; the message names where, as a JSON pointer
     * @throws IOException         if the parser reports malformed input; {@link #syntaxError}
     *                             turns that into a {@code JsonSyntaxException}
     */
    @SuppressWarnings("exports") // streaming callers already work with Jackson's types
    public static Object readValue(JsonParser parser, JsonBudget budget) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw syntaxError("expected a JSON value but found the end of the input", parser);
        }
        if (!budget.takeValue()) {
            throw overBudget("more than " + budget.limits().maxValues() + " JSON values", parser);
        }
        return switch (token) {
            case START_OBJECT -> readObject(parser, budget);
            case START_ARRAY -> readArray(parser, budget);
            case VALUE_STRING -> {
                takeText(parser.getTextLength(), budget, parser);
                yield parser.getText();
            }
            case VALUE_NUMBER_INT -> {
                takeText(parser.getTextLength(), budget, parser);
                yield switch (parser.getNumberType()) {
                    case INT -> parser.getIntValue();
                    case LONG -> parser.getLongValue();
                    default -> parser.getBigIntegerValue();
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                BigDecimal number = decimal(parser);
                takeText(plainLength(number), budget, parser);
                yield number;
            }
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw syntaxError("expected a JSON value but found " + token, parser);
        };
    }

    /** Returns {@code value} as compact UTF-8 JSON. */
    public static byte[] writeBytes(Object value) {
        ByteArrayBuilder out = new ByteArrayBuilder();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Returns {@code value} as compact JSON text. */
    public static String write(Object value) {
        return new String(writeBytes(value), StandardCharsets.UTF_8);
    }

    /** Returns {@code value} as indented JSON text, for people to read. */
    public static String writePretty(Object value) {
        ByteArrayBuilder out = new ByteArrayBuilder();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            generator.useDefaultPrettyPrinter();
            write(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code value} to {@code generator}.
     *
     * @throws IllegalArgumentException if {@code value} or anything in it is not JSON-shaped,
     *                                  is NaN or infinite, or nests deeper than
     *                                  {@value JsonLimits#DEPTH_CEILING} levels
     */
    @SuppressWarnings("exports") // streaming callers already work with Jackson's types
    public static void write(JsonGenerator generator, Object value) throws IOException {
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

    /** Returns a parser over the UTF-8 text {@code json}, from the shared factory. */
    @SuppressWarnings("exports") // streaming callers already work with Jackson's types
    public static JsonParser createParser(byte[] json) throws IOException {
        return FACTORY.createParser(json);
    }

    /** Returns a UTF-8 generator writing to {@code out}, from the shared factory. */
    @SuppressWarnings("exports") // streaming callers already work with Jackson's types
    public static JsonGenerator createGenerator(OutputStream out) throws IOException {
        return FACTORY.createGenerator(out);
    }

    /**
     * Returns a {@link JsonSyntaxException} for an error that Jackson reported while
     * {@code parser} (which may be {@code null}) was reading.
     */
    @SuppressWarnings("exports") // streaming callers already work with Jackson's types
    public static JsonSyntaxException syntaxError(IOException error, JsonParser parser) {
        JsonLocation location = error instanceof JsonProcessingException e ? e.getLocation() : null;
        if (location == null && parser != null) {
            location = parser.currentLocation();
        }
        String reason = error instanceof JsonProcessingException e ? e.getOriginalMessage() : error.getMessage();
        if (reason == null) {
            reason = error.getClass().getSimpleName();
        } else if (reason.contains("[Source: ")) {
            // Jackson names an earlier position as "[Source: REDACTED (...); line: 1, column: 1]".
            reason = EMBEDDED_LOCATION.matcher(reason).replaceAll("line $1, column $2");
        }
        return new JsonSyntaxException(reason,
                location == null ? 0 : location.getLineNr(),
                location == null ? 0 : location.getColumnNr());
    }

    private static Object readDocument(JsonParser parser, JsonBudget budget) {
        try {
            if (parser.nextToken() == null) {
                throw new JsonSyntaxException("the input is empty", 1, 1);
            }
            Object value = readValue(parser, budget);
            if (parser.nextToken() != null) {
                throw syntaxError("unexpected content after the JSON value", parser);
            }
            return value;
        } catch (IOException e) {
            throw syntaxError(e, parser);
        }
    }

    /**
     * Returns {@code number} as plain text without exponent, as {@link BigDecimal#toPlainString()}
     * does, but only for numbers that {@link #read} accepts: at most
     * {@value JsonLimits#MAX_NUMBER_DIGITS} digits before and after the decimal point.
     *
     * @throws IllegalArgumentException if the plain text would be longer; the message quotes the
     *                                  number in its short scientific form
     */
    public static String plainText(BigDecimal number) {
        if (!isBounded(number)) {
            throw new IllegalArgumentException("the number " + Excerpt.of(number.toString(), 32) + " has more than "
                    + JsonLimits.MAX_NUMBER_DIGITS + " digits before or after the decimal point");
        }
        return number.toPlainString();
    }

    /**
     * Returns whether {@code number} has at most {@value JsonLimits#MAX_NUMBER_DIGITS} digits
     * before and after its decimal point, as every number {@link #read} returns has: what any
     * conversion to text or to another number type may rely on.
     */
    public static boolean isBounded(BigDecimal number) {
        long before = (long) number.precision() - number.scale();
        return before <= JsonLimits.MAX_NUMBER_DIGITS && number.scale() <= JsonLimits.MAX_NUMBER_DIGITS;
    }

    /** Returns the length of {@code number}'s plain text, {@link BigDecimal#toPlainString()}, without making it. */
    static long plainLength(BigDecimal number) {
        long precision = number.precision();
        long scale = number.scale();
        long digits = number.signum() == 0 && scale < 0 ? 1    // 0E+3: 0
                : scale <= 0 ? precision - scale               // 1E+3: 1000
                : scale < precision ? precision + 1            // 1.25: a point among the digits
                : scale + 2;                                   // 0.0125: "0." and leading zeros
        return digits + (number.signum() < 0 ? 1 : 0);
    }

    private static BigDecimal decimal(JsonParser parser) throws IOException {
        BigDecimal number;
        try {
            number = parser.getDecimalValue();
        } catch (NumberFormatException e) {
            // An exponent beyond BigDecimal's int scale, e.g. 1e9999999999.
            throw syntaxError("the number " + Excerpt.of(parser.getText(), 32) + " is out of range" + at(parser),
                    parser);
        }
        if (!isBounded(number)) {
            // 1e999999999 is small as a BigDecimal but a billion chars as plain text.
            throw syntaxError("the number " + Excerpt.of(parser.getText(), 32) + at(parser) + " is out of range: "
                    + "it has more than " + JsonLimits.MAX_NUMBER_DIGITS
                    + " digits before or after the decimal point", parser);
        }
        return number;
    }

    private static Map<String, Object> readObject(JsonParser parser, JsonBudget budget) throws IOException {
        checkDepth(parser, budget.limits());
        Map<String, Object> map = new LinkedHashMap<>();
        String key;
        while ((key = parser.nextFieldName()) != null) {
            if (map.containsKey(key)) {
                throw syntaxError("duplicate key \"" + Excerpt.of(key, 40) + "\"", parser);
            }
            if (!budget.takeValue()) {
                throw overBudget("more than " + budget.limits().maxValues() + " JSON values", parser);
            }
            takeText(key.length(), budget, parser);
            parser.nextToken();
            map.put(key, readValue(parser, budget));
        }
        return map;
    }

    private static List<Object> readArray(JsonParser parser, JsonBudget budget) throws IOException {
        checkDepth(parser, budget.limits());
        List<Object> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            list.add(readValue(parser, budget));
        }
        return list;
    }

    private static void checkDepth(JsonParser parser, JsonLimits limits) {
        if (parser.getParsingContext().getNestingDepth() > limits.maxDepth()) {
            throw syntaxError("nesting is deeper than the limit of " + limits.maxDepth() + " levels", parser);
        }
    }

    private static void takeText(long chars, JsonBudget budget, JsonParser parser) {
        if (!budget.takeText(chars)) {
            throw overBudget("more than " + budget.limits().maxTextLength()
                    + " chars of text in its strings, keys and numbers", parser);
        }
    }

    private static JsonSyntaxException overBudget(String what, JsonParser parser) {
        String at = at(parser);
        return syntaxError("the input holds " + what + " (the limit)" + (at.isEmpty() ? "" : "; refused" + at), parser);
    }

    /** Returns " at /json/pointer" naming where the parser is, or "" at the top. */
    private static String at(JsonParser parser) {
        String pointer = parser.getParsingContext().pathAsPointer().toString();
        return pointer.isEmpty() ? "" : " at " + Excerpt.of(pointer, 80);
    }

    private static void checkLength(int length, String unit, JsonLimits limits) {
        if (length > limits.maxDocumentLength()) {
            throw new JsonSyntaxException("the input has " + length + " " + unit + ", more than the limit of "
                    + limits.maxDocumentLength(), 0, 0);
        }
    }

    @SuppressWarnings("unchecked") // readValue makes only String-keyed maps
    private static Map<String, Object> asObject(Object value) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new JsonSyntaxException("expected a JSON object but found " + kind(value), 1, 1);
    }

    private static JsonSyntaxException syntaxError(String reason, JsonParser parser) {
        JsonLocation location = parser.currentTokenLocation();
        return new JsonSyntaxException(reason, location.getLineNr(), location.getColumnNr());
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

    /** Returns a short description of the JSON kind of a read value, for error messages. */
    static String kind(Object value) {
        return switch (value) {
            case null -> "null";
            case String _ -> "a string";
            case Boolean _ -> "a boolean";
            case Number _ -> "a number";
            case List<?> _ -> "an array";
            default -> "an object";
        };
    }
}
