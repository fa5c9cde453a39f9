package io.onex.host.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a request must be answered, read against a clock: the {@link NodeContext#deadline()} and
 * {@link NodeContext#remaining()} of a node's context, computed once here for every context (the
 * host's and a test kit's).
 *
 * @param at    the instant the request must be answered by
 * @param clock the clock that says what time it is
 */
public record Deadline(Instant at, Clock clock) {

    /** Checks that both parts are given. */
    public Deadline {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(clock, "clock");
    }

    /** Returns the deadline {@code left} from now on {@code clock}. */
    public static Deadline in(Duration left, Clock clock) {
        return new Deadline(clock.instant().plus(left), clock);
    }

    /** Returns the time left before {@link #at()}; zero once it has passed, never negative. */
    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), at);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Returns whether the deadline has come: the clock reads {@link #at()} or later. */
    public boolean passed() {
        return !clock.instant().isBefore(at);
    }
}
