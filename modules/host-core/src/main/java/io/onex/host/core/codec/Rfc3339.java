package io.onex.host.core.codec;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Reads and writes RFC 3339 date-times ({@code 2026-11-27T03:18:21.123456789Z},
 * {@code 2026-11-27T05:18:21+02:00}) as instants, with up to nanosecond precision.
 *
 * <p>Parsing is hand-written because it runs once per envelope: it accepts exactly the RFC 3339
 * {@code date-time} form (seconds required, 1 to 9 fraction digits, {@code Z} or a
 * {@code ±hh:mm} offset, {@code T}/{@code Z} in either case) for years 0000 to 9999, and
 * allocates nothing but the result. A leap second ({@code :60}) is rejected, as Java's time API
 * has none.
 */
final class Rfc3339 {

    private static final int MIN_LENGTH = "0000-00-00T00:00:00Z".length();

    private Rfc3339() {
    }

    /** Returns {@code instant} in RFC 3339 UTC form with as many fraction digits as it needs (0, 3, 6 or 9). */
    static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    /** Returns the instant {@code text} denotes, or {@code null} if it is not an RFC 3339 date-time. */
    static Instant parse(String text) {
        int length = text.length();
        if (length < MIN_LENGTH
                || text.charAt(4) != '-' || text.charAt(7) != '-'
                || (text.charAt(10) != 'T' && text.charAt(10) != 't')
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int position = 19;
        int nanos = 0;
        if (text.charAt(position) == '.') {
            int start = ++position;
            while (position < length && position - start < 9 && isDigit(text.charAt(position))) {
                nanos = nanos * 10 + (text.charAt(position) - '0');
                position++;
            }
            int count = position - start;
            if (count == 0 || (position < length && isDigit(text.charAt(position)))) {
                return null;
            }
            for (int i = count; i < 9; i++) {
                nanos *= 10;
            }
        }
        int offsetSeconds = offsetSeconds(text, position);
        if (offsetSeconds == Integer.MIN_VALUE) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null; // month 13, February 30 and the like
        }
        long epochSecond = epochDay * 86_400 + hour * 3_600 + minute * 60 + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** Returns the offset at {@code position} (which must end the text) in seconds, or {@code Integer.MIN_VALUE}. */
    private static int offsetSeconds(String text, int position) {
        int remaining = text.length() - position;
        if (remaining == 1) {
            char c = text.charAt(position);
            return c == 'Z' || c == 'z' ? 0 : Integer.MIN_VALUE;
        }
        if (remaining != 6 || text.charAt(position + 3) != ':') {
            return Integer.MIN_VALUE;
        }
        char sign = text.charAt(position);
        int hours = digits(text, position + 1, 2);
        int minutes = digits(text, position + 4, 2);
        if ((sign != '+' && sign != '-') || hours < 0 || hours > 23 || minutes < 0 || minutes > 59) {
            return Integer.MIN_VALUE;
        }
        int seconds = hours * 3_600 + minutes * 60;
        return sign == '-' ? -seconds : seconds;
    }

    /** Returns the decimal number in {@code text[start, start + count)}, or -1 if any char is not a digit. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
