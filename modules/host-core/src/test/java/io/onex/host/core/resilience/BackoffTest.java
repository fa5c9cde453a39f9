package io.onex.host.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.contract.BackoffStrategy;
import io.onex.host.api.contract.HandlerBinding.RetryPolicy;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static RetryPolicy policy(BackoffStrategy strategy, long base, long max, double jitter) {
        return new RetryPolicy(10, strategy, Duration.ofMillis(base), Duration.ofMillis(max), jitter);
    }

    private static long[] delays(Backoff backoff, int count) {
        return IntStream.range(0, count).mapToLong(i -> backoff.nextDelayInMillis(null)).toArray();
    }

    @Test
    void exponentialWaitsDoubleUpToTheMaximum() {
        Backoff backoff = new Backoff(policy(BackoffStrategy.EXPONENTIAL, 100, 1_000, 0), () -> 0.5);
        assertThat(delays(backoff, 6)).containsExactly(100, 200, 400, 800, 1_000, 1_000);
    }

    @Test
    void fixedWaitsAreAllTheBaseDelay() {
        Backoff backoff = new Backoff(policy(BackoffStrategy.FIXED, 250, 5_000, 0), () -> 0.5);
        assertThat(delays(backoff, 4)).containsExactly(250, 250, 250, 250);
    }

    @Test
    void manyRetriesNeverOverflowTheWait() {
        Backoff backoff = new Backoff(policy(BackoffStrategy.EXPONENTIAL, 1_000, 60_000, 0), () -> 0.5);
        assertThat(backoff.delayBeforeRetry(100)).isEqualTo(60_000);
        assertThat(backoff.delayBeforeRetry(63)).isEqualTo(60_000);
    }

    @Test
    void jitterMovesEachWaitByAtMostItsFractionEitherWay() {
        RetryPolicy policy = policy(BackoffStrategy.FIXED, 1_000, 5_000, 0.2);
        assertThat(new Backoff(policy, () -> 0.0).nextDelayInMillis(null)).isEqualTo(800);
        assertThat(new Backoff(policy, () -> 0.5).nextDelayInMillis(null)).isEqualTo(1_000);
        assertThat(new Backoff(policy, () -> 0.999_999).nextDelayInMillis(null)).isEqualTo(1_200);
    }

    @Test
    void jitterNeverTakesAWaitBeyondTheMaximum() {
        Backoff backoff = new Backoff(policy(BackoffStrategy.EXPONENTIAL, 100, 100, 0.5), () -> 0.999_999);
        assertThat(backoff.nextDelayInMillis(null)).isEqualTo(100);
    }
}
