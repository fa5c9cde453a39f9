package io.onex.host.core.json;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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
            return JsonValueReader.readDocument(parser, JsonBudget.of(limits));
        } catch (IOException e) {
            throw syntaxError(e, null); // only creating or closing a parser over an array gets here
        }
    }

    /** Returns the JSON value in {@code json}, read within {@code limits}. */
    public static Object read(String json, JsonLimits limits) {
        checkLength(json.length(), "chars", limits);
        try (JsonParser parser = FACTORY.createParser(json)) {
            return JsonValueReader.readDocument(parser, JsonBudget.of(limits));
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
        return JsonValueReader.readValue(parser, budget);
    }

    /** Returns {@code value} as compact UTF-8 JSON. */
    public static byte[] writeBytes(Object value) {
        JsonOutput out = new JsonOutput();
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
        JsonValueWriter.write(generator, value);
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
