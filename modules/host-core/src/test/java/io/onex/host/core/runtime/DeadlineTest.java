package io.onex.host.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.onex.host.api.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The deadline value both node contexts (the host's CodeContext and the test kit's) read. */
class DeadlineTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    @Test
    void theTimeLeftShrinksWithTheClockAndNeverGoesBelowZero() {
        Instant at = NOW.plusSeconds(5);

        assertThat(new Deadline(at, at(NOW)).remaining()).isEqualTo(Duration.ofSeconds(5));
        assertThat(new Deadline(at, at(NOW.plusMillis(4_500))).remaining()).isEqualTo(Duration.ofMillis(500));
        assertThat(new Deadline(at, at(at)).remaining()).isZero();
        assertThat(new Deadline(at, at(NOW.plusSeconds(60))).remaining()).isZero();
    }

    @Test
    void itHasPassedFromItsInstantOn() {
        Instant at = NOW.plusSeconds(1);

        assertThat(new Deadline(at, at(NOW)).passed()).isFalse();
        assertThat(new Deadline(at, at(at.minusNanos(1))).passed()).isFalse();
        assertThat(new Deadline(at, at(at)).passed()).isTrue();
        assertThat(new Deadline(at, at(at.plusSeconds(1))).passed()).isTrue();
    }

    @Test
    void inCountsFromTheClocksNow() {
        Deadline deadline = Deadline.in(Duration.ofSeconds(30), at(NOW));

        assertThat(deadline.at()).isEqualTo(NOW.plusSeconds(30));
        assertThat(deadline.remaining()).isEqualTo(Duration.ofSeconds(30));
        assertThatNullPointerException().isThrownBy(() -> new Deadline(null, at(NOW)));
    }
}
