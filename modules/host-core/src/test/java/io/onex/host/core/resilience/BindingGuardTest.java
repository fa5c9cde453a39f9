package io.onex.host.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.ConnectionException;
import io.onex.host.api.EnvelopeValidationException;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerExecutionException;
import io.onex.host.api.OnexException;
import io.onex.host.api.ServiceUnavailableException;
import io.onex.host.api.contract.BackoffStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BindingGuardTest {

    private static final Map<String, Object> OK = Map.of("ok", true);

    private final AtomicLong now = new AtomicLong(7_000_000_000L);
    private final AtomicInteger calls = new AtomicInteger();
    private final List<Long> callTimes = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseHeldCalls() {
        release.countDown();
        threads.shutdownNow();
    }

    /** A dependency that fails with {@code failure} the first {@code failures} times, then answers. */
    private Supplier<Map<String, Object>> failing(int failures, Supplier<OnexException> failure) {
        return () -> {
            callTimes.add(System.nanoTime());
            if (calls.incrementAndGet() <= failures) {
                throw failure.get();
            }
            return OK;
        };
    }

    /** A dependency that hangs until released (or interrupted), then answers. */
    private Supplier<Map<String, Object>> hanging() {
        return () -> {
            calls.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectionException("interrupted");
            }
            return OK;
        };
    }

    private BindingGuard guard(Policies policies) {
        return BindingGuard.of(policies.binding("orders"), now::get);
    }

    private static ErrorCode codeOf(Runnable call) {
        try {
            call.run();
        } catch (OnexException e) {
            return e.code();
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void aBindingWithoutPoliciesCallsStraightThrough() {
        BindingGuard guard = guard(Policies.none());
        assertThat(guard.call(failing(0, () -> null))).isEqualTo(OK);
        assertThat(guard.snapshot().breaker()).isEmpty();
    }

    @Test
    void onlyRetriesTimeoutsAndBulkheadsMakeACallWait() {
        assertThat(guard(Policies.none()).mayWait()).isFalse();
        assertThat(guard(Policies.none().rate(10).breaker(3, 5, 1_000, 1)).mayWait())
                .as("a rate limit and a breaker answer at once").isFalse();
        assertThat(guard(Policies.none().timeoutMillis(100)).mayWait()).isTrue();
        assertThat(guard(Policies.none().retry(1, BackoffStrategy.FIXED, 1, 1, 0)).mayWait()).isTrue();
        assertThat(guard(Policies.none().bulkhead(2, 0)).mayWait()).isTrue();
    }

    @Test
    void retryableFailuresAreRetriedUntilTheCallSucceeds() {
        BindingGuard guard = guard(Policies.none().retry(3, BackoffStrategy.FIXED, 1, 1, 0));
        assertThat(guard.call(failing(2, () -> new ServiceUnavailableException("down")))).isEqualTo(OK);
        assertThat(calls).hasValue(3);
        assertThat(guard.snapshot().retries()).isEqualTo(2);
    }

    @Test
    void exhaustedRetriesAnswerWithTheLastError() {
        BindingGuard guard = guard(Policies.none().retry(2, BackoffStrategy.FIXED, 1, 1, 0));
        assertThatThrownBy(() -> guard.call(failing(10, () -> new ConnectionException("refused"))))
                .isInstanceOf(ConnectionException.class).hasMessage("refused");
        assertThat(calls).hasValue(3);
    }

    @Test
    void validationAndPermanentErrorsAreNeverRetried() {
        BindingGuard guard = guard(Policies.none().retry(5, BackoffStrategy.FIXED, 1, 1, 0));
        assertThat(codeOf(() -> guard.call(failing(10, () -> new EnvelopeValidationException("bad")))))
                .isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(codeOf(() -> guard.call(failing(10, () -> new HandlerExecutionException("broken")))))
                .isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
        assertThat(calls).hasValue(2);
        assertThat(guard.snapshot().retries()).isZero();
    }

    @Test
    void anErrorTheHandlerMarksRetryableIsRetried() {
        BindingGuard guard = guard(Policies.none().retry(1, BackoffStrategy.FIXED, 1, 1, 0));
        assertThat(guard.call(failing(1, () -> new HandlerExecutionException("HTTP 503").withRetryable(true))))
                .isEqualTo(OK);
        assertThat(calls).hasValue(2);
    }

    @Test
    void anErrorTheHandlerMarksNotRetryableIsNotRetried() {
        BindingGuard guard = guard(Policies.none().retry(3, BackoffStrategy.FIXED, 1, 1, 0));
        assertThat(codeOf(() -> guard.call(failing(5, () -> new ServiceUnavailableException("gone for good")
                .withRetryable(false))))).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(calls).hasValue(1);
    }

    @Test
    void retriesWaitTheExponentialBackoffBetweenAttempts() {
        BindingGuard guard = guard(Policies.none().retry(3, BackoffStrategy.EXPONENTIAL, 40, 1_000, 0));
        assertThat(guard.call(failing(3, () -> new ConnectionException("refused")))).isEqualTo(OK);
        assertThat(callTimes).hasSize(4);
        long[] gaps = {callTimes.get(1) - callTimes.get(0), callTimes.get(2) - callTimes.get(1),
                callTimes.get(3) - callTimes.get(2)};
        assertThat(TimeUnit.NANOSECONDS.toMillis(gaps[0])).isBetween(40L, 40L + 2_000);
        assertThat(TimeUnit.NANOSECONDS.toMillis(gaps[1])).isBetween(80L, 80L + 2_000);
        assertThat(TimeUnit.NANOSECONDS.toMillis(gaps[2])).isBetween(160L, 160L + 2_000);
    }

    @Test
    void aCallPastTheTimeoutIsInterruptedAndAnsweredTimeout() {
        BindingGuard guard = guard(Policies.none().timeoutMillis(100));
        long start = System.nanoTime();
        assertThatThrownBy(() -> guard.call(hanging())).satisfies(e ->
                assertThat(((OnexException) e).code()).isEqualTo(ErrorCode.TIMEOUT))
                .hasMessageContaining("orders").hasMessageContaining("100 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(guard.snapshot().timeouts()).isEqualTo(1);
    }

    @Test
    void aTimeoutIsRetryable() {
        BindingGuard guard = guard(Policies.none().timeoutMillis(50).retry(2, BackoffStrategy.FIXED, 1, 1, 0));
        assertThat(codeOf(() -> guard.call(hanging()))).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(calls).hasValue(3);
    }

    @Test
    void aFullBulkheadWithoutQueueAnswersOverloadedAtOnce() throws Exception {
        BindingGuard guard = guard(Policies.none().bulkhead(1, 0));
        Future<Map<String, Object>> held = threads.submit(() -> guard.call(hanging()));
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);
        assertThat(codeOf(() -> guard.call(failing(0, () -> null)))).isEqualTo(ErrorCode.OVERLOADED);
        release.countDown();
        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(OK);
        assertThat(guard.snapshot().bulkheadRejections()).isEqualTo(1);
    }

    @Test
    void aBulkheadQueueHoldsCallsUntilASlotFreesAndRejectsBeyondIt() throws Exception {
        BindingGuard guard = guard(Policies.none().bulkhead(1, 1));
        Future<Map<String, Object>> held = threads.submit(() -> guard.call(hanging()));
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);
        AtomicReference<Thread> waiter = new AtomicReference<>();
        Future<Map<String, Object>> queued = threads.submit(() -> {
            waiter.set(Thread.currentThread());
            return guard.call(hanging());
        });
        // Queued means parked in the bulkhead's queue: the dependency has seen only the first call.
        await().atMost(Duration.ofSeconds(10)).until(() -> waiter.get() != null
                && waiter.get().getState() == Thread.State.WAITING);
        assertThat(calls).hasValue(1);
        assertThat(codeOf(() -> guard.call(hanging()))).isEqualTo(ErrorCode.OVERLOADED);
        release.countDown();
        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(OK);
        assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo(OK);
        assertThat(calls).hasValue(2);
    }

    @Test
    void theCallAfterTheThresholdIsAnsweredCircuitOpenWithoutTouchingTheDependency() {
        BindingGuard guard = guard(Policies.none().breaker(3, 10, 5_000, 1));
        Supplier<Map<String, Object>> down = failing(100, () -> new ServiceUnavailableException("down"));
        for (int i = 0; i < 3; i++) {
            assertThat(codeOf(() -> guard.call(down))).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        }
        assertThat(codeOf(() -> guard.call(down))).isEqualTo(ErrorCode.CIRCUIT_OPEN);
        assertThat(calls).hasValue(3);
        assertThat(guard.snapshot().breaker()).contains(BreakerState.OPEN);
        assertThat(guard.snapshot().circuitOpenRejections()).isEqualTo(1);
    }

    @Test
    void theBreakerHalfOpensAfterTheResetTimeoutAndClosesOnSuccess() {
        BindingGuard guard = guard(Policies.none().breaker(2, 2, 1_000, 1));
        Supplier<Map<String, Object>> healsAfterTwo = failing(2, () -> new ConnectionException("refused"));
        codeOf(() -> guard.call(healsAfterTwo));
        codeOf(() -> guard.call(healsAfterTwo));
        assertThat(codeOf(() -> guard.call(healsAfterTwo))).isEqualTo(ErrorCode.CIRCUIT_OPEN);
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1_000));
        assertThat(guard.snapshot().breaker()).contains(BreakerState.HALF_OPEN);
        assertThat(guard.call(healsAfterTwo)).isEqualTo(OK);
        assertThat(guard.snapshot().breaker()).contains(BreakerState.CLOSED);
    }

    @Test
    void anOpenBreakerEndsTheRetries() {
        BindingGuard guard = guard(Policies.none().retry(10, BackoffStrategy.FIXED, 1, 1, 0).breaker(2, 5, 60_000, 1));
        assertThat(codeOf(() -> guard.call(failing(100, () -> new ConnectionException("refused")))))
                .isEqualTo(ErrorCode.CIRCUIT_OPEN);
        assertThat(calls).hasValue(2);
    }

    @Test
    void errorsARetryWouldNotFixNeverOpenTheBreaker() {
        BindingGuard guard = guard(Policies.none().breaker(1, 1, 60_000, 1));
        for (int i = 0; i < 5; i++) {
            assertThat(codeOf(() -> guard.call(failing(100, () -> new EnvelopeValidationException("bad")))))
                    .isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        }
        assertThat(guard.snapshot().breaker()).contains(BreakerState.CLOSED);
    }

    @Test
    void bulkheadRejectionsNeverOpenTheBreaker() throws Exception {
        BindingGuard guard = guard(Policies.none().breaker(1, 1, 60_000, 1).bulkhead(1, 0));
        CompletableFuture<Map<String, Object>> held = CompletableFuture.supplyAsync(() -> guard.call(hanging()),
                threads);
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);
        assertThat(codeOf(() -> guard.call(hanging()))).isEqualTo(ErrorCode.OVERLOADED);
        release.countDown();
        held.get(10, TimeUnit.SECONDS);
        assertThat(guard.snapshot().breaker()).contains(BreakerState.CLOSED);
    }

    @Test
    void callsBeyondTheRateAreAnsweredRateLimitedWithoutTouchingTheDependency() {
        BindingGuard guard = guard(Policies.none().rate(2));
        Supplier<Map<String, Object>> dependency = failing(0, () -> null);
        guard.call(dependency);
        guard.call(dependency);
        assertThat(codeOf(() -> guard.call(dependency))).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(calls).hasValue(2);
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        assertThat(guard.call(dependency)).isEqualTo(OK);
        assertThat(guard.snapshot().rateLimitedRejections()).isEqualTo(1);
    }

    @Test
    void theGuardsOwnErrorsAreNotRetryable() {
        BindingGuard guard = guard(Policies.none().rate(1));
        guard.call(failing(0, () -> null));
        assertThatThrownBy(() -> guard.call(failing(0, () -> null)))
                .isInstanceOfSatisfying(OnexException.class, e -> assertThat(e.retryable()).isFalse());
    }
}
