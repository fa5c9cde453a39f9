package io.onex.perf;

import java.util.Objects;

/**
 * How long a run measures: JMH iterations and forks, interleaved rounds, and the load driver's
 * sizes. {@link #quick()} fits a CI build; {@link #full()} takes minutes.
 *
 * @param mode              {@code quick} or {@code full}
 * @param warmupIterations  JMH warm-up iterations per run
 * @param warmupMillis      length of each warm-up iteration
 * @param measureIterations JMH measurement iterations per run
 * @param measureMillis     length of each measurement iteration
 * @param forks             JMH forks (0 runs in this JVM)
 * @param rounds            interleaved subject/baseline rounds; the best round counts
 * @param envelopes         envelopes per throughput round of the load driver
 * @param calls             calls per latency round of http and db (five times as many for local)
 */
public record BenchSettings(String mode, int warmupIterations, int warmupMillis, int measureIterations,
        int measureMillis, int forks, int rounds, int envelopes, int calls) {

    public BenchSettings {
        Objects.requireNonNull(mode, "mode");
        if (warmupIterations < 0 || warmupMillis < 1 || measureIterations < 1 || measureMillis < 1 || forks < 0
                || rounds < 1 || envelopes < 1 || calls < 1) {
            throw new IllegalArgumentException("invalid benchmark settings: " + this);
        }
    }

    /** Returns the CI settings: in-process JMH, short iterations, five rounds; under a minute. */
    public static BenchSettings quick() {
        return new BenchSettings("quick", 1, 300, 2, 300, 0, 5, 50_000, 300);
    }

    /** Returns the full settings: forked JMH, longer iterations; a few minutes. */
    public static BenchSettings full() {
        return new BenchSettings("full", 3, 2_000, 5, 2_000, 1, 3, 200_000, 2_000);
    }

    /** Returns these settings with JMH iterations of {@code warmupMillis} and {@code measureMillis}. */
    public BenchSettings withIterationMillis(int warmup, int measure) {
        return new BenchSettings(mode, warmupIterations, warmup, measureIterations, measure, forks, rounds, envelopes,
                calls);
    }

    /** Returns these settings with {@code value} rounds. */
    public BenchSettings withRounds(int value) {
        return new BenchSettings(mode, warmupIterations, warmupMillis, measureIterations, measureMillis, forks, value,
                envelopes, calls);
    }

    /** Returns these settings with {@code value} JMH forks. */
    public BenchSettings withForks(int value) {
        return new BenchSettings(mode, warmupIterations, warmupMillis, measureIterations, measureMillis, value, rounds,
                envelopes, calls);
    }
}
