package io.onex.host.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.contract.HandlerBinding.CircuitBreakerSpec;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);

    private CircuitBreaker breaker(int threshold, int window, long resetMillis, int successes) {
        return new CircuitBreaker(new CircuitBreakerSpec(threshold, window, Duration.ofMillis(resetMillis), successes),
                now::get);
    }

    private static void fail(CircuitBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            breaker.onFailure(breaker.acquire());
        }
    }

    private static void succeed(CircuitBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            breaker.onSuccess(breaker.acquire());
        }
    }

    private void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void theCallThatReachesTheThresholdOpensTheBreaker() {
        CircuitBreaker breaker = breaker(3, 10, 1_000, 1);
        fail(breaker, 2);
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        fail(breaker, 1);
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.acquire()).isEqualTo(CircuitBreaker.REJECTED);
        assertThat(breaker.openings()).isEqualTo(1);
        assertThat(breaker.rejections()).isEqualTo(1);
    }

    @Test
    void failuresAmongSuccessesWithinTheWindowOpenIt() {
        CircuitBreaker breaker = breaker(3, 5, 1_000, 1);
        fail(breaker, 1);
        succeed(breaker, 1);
        fail(breaker, 1);
        succeed(breaker, 1);
        fail(breaker, 1);
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void failuresThatLeftTheWindowAreForgotten() {
        CircuitBreaker breaker = breaker(3, 4, 1_000, 1);
        fail(breaker, 2);
        succeed(breaker, 2);
        fail(breaker, 2);
        assertThat(breaker.state()).as("the last four calls hold two failures").isEqualTo(BreakerState.CLOSED);
        fail(breaker, 1);
        assertThat(breaker.state()).as("now they hold three").isEqualTo(BreakerState.OPEN);
    }

    @Test
    void callsTheBreakerIgnoresAreNotCounted() {
        CircuitBreaker breaker = breaker(2, 2, 1_000, 1);
        fail(breaker, 1);
        for (int i = 0; i < 5; i++) {
            breaker.onIgnored(breaker.acquire());
        }
        fail(breaker, 1);
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void anOpenBreakerLetsATrialThroughOnlyAfterTheResetTimeout() {
        CircuitBreaker breaker = breaker(1, 1, 500, 1);
        fail(breaker, 1);
        advanceMillis(499);
        assertThat(breaker.acquire()).isEqualTo(CircuitBreaker.REJECTED);
        advanceMillis(1);
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        long trial = breaker.acquire();
        assertThat(trial).isNotEqualTo(CircuitBreaker.REJECTED);
        assertThat(breaker.acquire()).as("only one trial at a time with success_threshold 1")
                .isEqualTo(CircuitBreaker.REJECTED);
        breaker.onSuccess(trial);
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void aFailedTrialOpensTheBreakerForAnotherResetTimeout() {
        CircuitBreaker breaker = breaker(1, 1, 500, 1);
        fail(breaker, 1);
        advanceMillis(500);
        breaker.onFailure(breaker.acquire());
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.openings()).isEqualTo(2);
        advanceMillis(499);
        assertThat(breaker.acquire()).isEqualTo(CircuitBreaker.REJECTED);
    }

    @Test
    void itClosesOnlyAfterSuccessThresholdTrialsSucceed() {
        CircuitBreaker breaker = breaker(1, 1, 100, 2);
        fail(breaker, 1);
        advanceMillis(100);
        long first = breaker.acquire();
        long second = breaker.acquire();
        assertThat(breaker.acquire()).isEqualTo(CircuitBreaker.REJECTED);
        breaker.onSuccess(first);
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        breaker.onSuccess(second);
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void anIgnoredTrialFreesItsSlotForTheNextTrial() {
        CircuitBreaker breaker = breaker(1, 1, 100, 1);
        fail(breaker, 1);
        advanceMillis(100);
        breaker.onIgnored(breaker.acquire());
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        breaker.onSuccess(breaker.acquire());
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void aSlowCallEndingAfterTheBreakerChangedStateIsNotCounted() {
        CircuitBreaker breaker = breaker(2, 2, 100, 1);
        long slow = breaker.acquire();
        fail(breaker, 2);
        advanceMillis(100);
        breaker.onSuccess(breaker.acquire());
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        breaker.onFailure(slow);
        fail(breaker, 1);
        assertThat(breaker.state()).as("the stale failure was not counted").isEqualTo(BreakerState.CLOSED);
    }
}
