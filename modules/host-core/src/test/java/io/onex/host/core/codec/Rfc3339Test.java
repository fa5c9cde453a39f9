package io.onex.host.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Rfc3339Test {

    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");

    @Test
    void parsesUtcTimesWithAnyNumberOfFractionDigits() {
        assertThat(Rfc3339.parse("2026-11-27T03:18:21Z")).isEqualTo(Instant.parse("2026-11-27T03:18:21Z"));
        assertThat(Rfc3339.parse("2026-11-27T03:18:21.1Z")).isEqualTo(Instant.parse("2026-11-27T03:18:21.100Z"));
        assertThat(Rfc3339.parse("2026-11-27T03:18:21.12345Z")).isEqualTo(Instant.parse("2026-11-27T03:18:21.123450Z"));
        assertThat(Rfc3339.parse("2026-11-27T03:18:21.123456789Z"))
                .isEqualTo(Instant.parse("2026-11-27T03:18:21.123456789Z"));
    }

    @Test
    void parsesOffsetsIntoUtc() {
        assertThat(Rfc3339.parse("2026-11-27T05:18:21+02:00")).isEqualTo(Instant.parse("2026-11-27T03:18:21Z"));
        assertThat(Rfc3339.parse("2026-11-26T23:48:21-03:30")).isEqualTo(Instant.parse("2026-11-27T03:18:21Z"));
        assertThat(Rfc3339.parse("2026-11-27T03:18:21-00:00")).isEqualTo(Instant.parse("2026-11-27T03:18:21Z"));
        assertThat(Rfc3339.parse("2026-11-27t03:18:21z")).isEqualTo(Instant.parse("2026-11-27T03:18:21Z"));
    }

    @Test
    void parsesTheEdgesOfTheFourDigitYears() {
        assertThat(Rfc3339.parse("0000-01-01T00:00:00Z")).isEqualTo(Instant.parse("0000-01-01T00:00:00Z"));
        assertThat(Rfc3339.parse("9999-12-31T23:59:59.999999999Z"))
                .isEqualTo(Instant.parse("9999-12-31T23:59:59.999999999Z"));
        assertThat(Rfc3339.parse("2024-02-29T00:00:00Z")).isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
    }

    @Test
    void rejectsEverythingElse() {
        for (String text : List.of("", "2026-11-27", "2026-11-27T03:18:21", "2026-11-27T03:18Z", "2026-11-27 03:18:21Z",
                "2026-11-27T03:18:21.Z", "2026-11-27T03:18:21.1234567890Z", "2026-11-27T03:18:21+0200",
                "2026-11-27T03:18:21+02", "2026-11-27T03:18:21+24:00", "2026-11-27T03:18:21+02:60",
                "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-11-31T00:00:00Z", "2026-11-27T24:00:00Z",
                "2026-11-27T23:60:00Z", "2026-11-27T23:59:60Z", "+12026-11-27T03:18:21Z", "2026-1-27T03:18:21Z",
                "2026-11-27T03:18:21ZZ", "2026-11-27T03:18:21Z ", " 2026-11-27T03:18:21Z", "２０２６-11-27T03:18:21Z",
                "2026-11-27T03:18:21.12a4Z", "2026/11/27T03:18:21Z")) {
            assertThat(Rfc3339.parse(text)).as(text).isNull();
        }
    }

    @Test
    void agreesWithTheJavaTimeParserOnRandomTimes() {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            long second = random.nextLong(-62_167_219_200L + 86_400, 253_402_300_799L - 86_400);
            int offsetMinutes = (random.nextInt(35) - 17) * 60 + random.nextInt(60); // java.time stops at 18h
            OffsetDateTime time = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000))
                    .atOffset(ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
            String text = FULL.format(time);

            assertThat(Rfc3339.parse(text)).as(text).isEqualTo(time.toInstant());
        }
    }

    @Test
    void formatsWhatItParses() {
        Instant instant = Instant.parse("2026-11-27T03:18:21.123456Z");

        assertThat(Rfc3339.parse(Rfc3339.format(instant))).isEqualTo(instant);
    }
}
