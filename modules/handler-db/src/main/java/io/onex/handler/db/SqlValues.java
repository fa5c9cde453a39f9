package io.onex.handler.db;

import io.onex.host.api.EnvelopeValidationException;
import io.onex.host.core.json.Json;
import io.onex.host.core.json.JsonLimits;
import io.onex.host.core.json.JsonSyntaxException;
import io.onex.host.core.json.Utf8;
import io.r2dbc.postgresql.codec.Interval;
import io.r2dbc.postgresql.codec.PostgresqlObjectId;
import io.r2dbc.spi.Parameter;
import io.r2dbc.spi.Parameters;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Converts between JSON-shaped values and SQL values, both ways.
 *
 * <p>Parameters: strings are sent untyped (PostgreSQL infers their type from where they stand,
 * as it does for a quoted literal, so {@code "2024-01-31T10:00:00Z"} fills a {@code timestamptz}
 * and {@code "6f1d..."} a {@code uuid}); {@code null} is an untyped null; whole numbers are
 * {@code int4}/{@code int8}, decimals {@code numeric}, booleans {@code bool}; objects and arrays
 * are sent as {@code jsonb} text.
 *
 * <p>Results: see {@link #toJson(Object)}.
 */
final class SqlValues {

    private static final Parameter UNTYPED_NULL = Parameters.in(PostgresqlObjectId.UNSPECIFIED);

    private SqlValues() {
    }

    /**
     * Returns what to bind for a JSON-shaped parameter value.
     *
     * @param index the placeholder number, for messages
     * @throws EnvelopeValidationException for a value with no SQL equivalent
     */
    static Object toSql(Object value, int index, String label) {
        return switch (value) {
            case null -> UNTYPED_NULL;
            case String text -> Parameters.in(PostgresqlObjectId.UNSPECIFIED, unicode(text, label + ": parameter $" + index));
            case Boolean flag -> flag;
            case Integer number -> number;
            case Long number -> number;
            case Short number -> number.intValue();
            case Byte number -> number.intValue();
            case BigDecimal number -> bounded(number, index, label);
            case BigInteger number -> bounded(new BigDecimal(number), index, label);
            case Double number -> number;
            case Float number -> Double.valueOf(Float.toString(number));
            case Map<?, ?> object -> jsonb(object, index, label);
            case List<?> array -> jsonb(array, index, label);
            case Instant instant -> Parameters.in(PostgresqlObjectId.UNSPECIFIED, instant.toString());
            case UUID uuid -> Parameters.in(PostgresqlObjectId.UNSPECIFIED, uuid.toString());
            default -> throw new EnvelopeValidationException(label + ": parameter $" + index
                    + " is a " + value.getClass().getSimpleName() + ", which has no SQL equivalent;"
                    + " send a string, number, boolean, null, object or array");
        };
    }

    /**
     * Returns {@code text}, refusing it when it holds an unpaired surrogate: it has no UTF-8 form,
     * and the driver would send {@code ?} in its place.
     *
     * @param where what holds the text, for the message, e.g. {@code payload.sql}
     */
    static String unicode(String text, String where) {
        int at = Utf8.unpairedSurrogate(text);
        if (at >= 0) {
            throw new EnvelopeValidationException(where + " holds an unpaired surrogate (\\u"
                    + Integer.toHexString(text.charAt(at)) + " at char " + at + "), which has no UTF-8 form;"
                    + " write a character outside the BMP as a pair, such as \\ud83d\\ude00");
        }
        return text;
    }

    private static BigDecimal bounded(BigDecimal number, int index, String label) {
        if (!Json.isBounded(number)) {
            throw new EnvelopeValidationException(label + ": parameter $" + index + " has more than "
                    + JsonLimits.MAX_NUMBER_DIGITS + " digits before or after the decimal point");
        }
        return number;
    }

    private static Object jsonb(Object value, int index, String label) {
        try {
            return io.r2dbc.postgresql.codec.Json.of(Json.write(value));
        } catch (IllegalArgumentException e) {
            throw new EnvelopeValidationException(label + ": parameter $" + index + " cannot be written as JSON ("
                    + e.getMessage() + ")");
        }
    }

    /**
     * Returns the JSON-shaped value of a result column value as the driver decoded it.
     *
     * <table>
     *   <caption>Result values</caption>
     *   <tr><th>PostgreSQL type</th><th>JSON value</th></tr>
     *   <tr><td>bool</td><td>boolean</td></tr>
     *   <tr><td>int2, int4, oid</td><td>integer (Integer)</td></tr>
     *   <tr><td>int8</td><td>integer (Long)</td></tr>
     *   <tr><td>numeric</td><td>number (BigDecimal, scale kept)</td></tr>
     *   <tr><td>float4, float8</td><td>number (Double); NaN and infinities as the strings
     *       {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}</td></tr>
     *   <tr><td>text, varchar, char, name, enums and every type the driver reads as text
     *       (inet/cidr, macaddr, money, xml, ranges, bit strings, tsvector, records ...)</td>
     *       <td>string, in PostgreSQL's text form</td></tr>
     *   <tr><td>uuid</td><td>string</td></tr>
     *   <tr><td>date</td><td>string {@code 2024-01-31}</td></tr>
     *   <tr><td>time, timetz</td><td>string {@code 10:15:30}, {@code 10:15:30+02:00}</td></tr>
     *   <tr><td>timestamp</td><td>string {@code 2024-01-31T10:15:30} (no zone)</td></tr>
     *   <tr><td>timestamptz</td><td>string, RFC 3339 in UTC: {@code 2024-01-31T10:15:30Z}</td></tr>
     *   <tr><td>date, timestamp, timestamptz {@code ±infinity}</td><td>string {@code infinity} or
     *       {@code -infinity}</td></tr>
     *   <tr><td>interval</td><td>string, ISO 8601: {@code P1DT2H}</td></tr>
     *   <tr><td>json, jsonb</td><td>the JSON value itself (a json value that repeats a key, or
     *       is beyond the host's JSON limits, as its text)</td></tr>
     *   <tr><td>bytea</td><td>string, base64</td></tr>
     *   <tr><td>arrays</td><td>array of the element values, nested for more dimensions</td></tr>
     *   <tr><td>point and the other geometric types</td><td>string, e.g. {@code (1.0,2.0)}</td></tr>
     * </table>
     */
    static Object toJson(Object value) {
        return switch (value) {
            case null -> null;
            case String text -> text;
            case Boolean flag -> flag;
            case Integer number -> number;
            case Long number -> number;
            case Short number -> number.intValue();
            case Byte number -> number.intValue();
            case BigDecimal number -> number;
            case BigInteger number -> number;
            case Double number -> finiteOrText(number);
            case Float number -> finiteOrText(Double.valueOf(Float.toString(number)));
            case UUID uuid -> uuid.toString();
            case OffsetDateTime time -> time.equals(OffsetDateTime.MAX) ? "infinity"
                    : time.equals(OffsetDateTime.MIN) ? "-infinity" : time.toInstant().toString();
            case Instant time -> time.toString();
            case ZonedDateTime time -> time.toInstant().toString();
            case LocalDateTime time -> time.equals(LocalDateTime.MAX) ? "infinity"
                    : time.equals(LocalDateTime.MIN) ? "-infinity" : DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(time);
            case LocalDate date -> date.equals(LocalDate.MAX) ? "infinity"
                    : date.equals(LocalDate.MIN) ? "-infinity" : date.toString();
            case LocalTime time -> DateTimeFormatter.ISO_LOCAL_TIME.format(time);
            case OffsetTime time -> DateTimeFormatter.ISO_OFFSET_TIME.format(time);
            case Interval interval -> iso8601(interval);
            case io.r2dbc.postgresql.codec.Json json -> parsed(json.asString());
            case ByteBuffer bytes -> base64(bytes);
            case byte[] bytes -> Base64.getEncoder().encodeToString(bytes);
            case InetAddress address -> address.getHostAddress();
            case Object[] array -> list(array);
            default -> value.toString();
        };
    }

    private static Object parsed(String json) {
        try {
            return Json.read(json);
        } catch (JsonSyntaxException e) {
            // PostgreSQL's json type keeps what jsonb would reject (duplicate keys): hand it over as text.
            return json;
        }
    }

    private static Object finiteOrText(Double number) {
        if (number.isNaN()) {
            return "NaN";
        }
        if (number.isInfinite()) {
            return number > 0 ? "Infinity" : "-Infinity";
        }
        return number;
    }

    private static String iso8601(Interval interval) {
        Period period = interval.getPeriod();
        Duration duration = interval.getDuration();
        if (duration.isZero()) {
            return period.toString();
        }
        return period.isZero() ? duration.toString() : period + duration.toString().substring(1);
    }

    private static String base64(ByteBuffer bytes) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        return Base64.getEncoder().encodeToString(copy);
    }

    private static List<Object> list(Object[] array) {
        List<Object> values = new ArrayList<>(array.length);
        for (Object element : array) {
            values.add(toJson(element));
        }
        return values;
    }
}
