package io.onex.host.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.OverloadedException;
import io.onex.host.api.RateLimitedException;
import io.onex.host.api.contract.HostedNode;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NodeGuardTest {

    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(20);

    private final AtomicLong now = new AtomicLong(3_000_000_000L);

    private NodeGuard guard(OptionalInt maxConcurrent, OptionalDouble rate, int queue) {
        return NodeGuard.of("orders", new HostedNode.Limits(maxConcurrent, rate, queue), now::get);
    }

    @Test
    void withoutAQueueAnEnvelopeBeyondMaxConcurrentIsAnsweredOverloaded() {
        NodeGuard guard = guard(OptionalInt.of(2), OptionalDouble.empty(), 0);
        assertThat(guard.tryEnter()).isTrue();
        assertThat(guard.tryEnter()).isTrue();
        assertThatThrownBy(guard::tryEnter).isInstanceOf(OverloadedException.class)
                .hasMessageContaining("orders").hasMessageContaining("limits.max_concurrent");
        assertThat(guard.inFlight()).isEqualTo(2);
        guard.exit();
        assertThat(guard.tryEnter()).isTrue();
        assertThat(guard.snapshot().overloadedRejections()).isEqualTo(1);
    }

    @Test
    void enterIfFreeAdmitsOnlyAtOnceAndNeverJoinsTheQueue() throws InterruptedException {
        NodeGuard guard = guard(OptionalInt.of(1), OptionalDouble.empty(), 2);
        assertThat(guard.enterIfFree()).isTrue();
        assertThat(guard.enterIfFree()).as("the one place is taken").isFalse();
        assertThat(guard.waiting()).as("nothing joined the queue").isZero();
        assertThat(guard.inFlight()).isEqualTo(1);
        assertThat(guard.tryEnter()).as("the same request through tryEnter waits").isFalse();
        assertThat(guard.enterIfFree()).as("the place is still taken").isFalse();
        assertThat(guard.snapshot().overloadedRejections()).isZero();
        guard.exit();
        assertThat(guard.awaitEntry(PATIENCE_NANOS)).isTrue();
        guard.exit();
        assertThat(guard.enterIfFree()).isTrue();
    }

    @Test
    void enterIfFreeWithoutLimitsAlwaysAdmitsButKeepsTheRate() {
        NodeGuard guard = guard(OptionalInt.empty(), OptionalDouble.of(1), 0);
        assertThat(guard.enterIfFree()).isTrue();
        assertThatThrownBy(guard::enterIfFree).isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("limits.rate_per_second");
        assertThat(guard.inFlight()).as("a refused envelope holds no place").isEqualTo(1);
    }

    @Test
    void envelopesBeyondMaxConcurrentWaitInTheQueueAndOnlyThoseBeyondItAreOverloaded() {
        NodeGuard guard = guard(OptionalInt.of(1), OptionalDouble.empty(), 2);
        assertThat(guard.tryEnter()).isTrue();
        assertThat(guard.tryEnter()).as("first in the queue").isFalse();
        assertThat(guard.tryEnter()).as("second in the queue").isFalse();
        assertThatThrownBy(guard::tryEnter).isInstanceOf(OverloadedException.class)
                .hasMessageContaining("limits.queue");
        assertThat(guard.snapshot().waiting()).isEqualTo(2);
        assertThat(guard.snapshot().queue()).isEqualTo(2);
        assertThat(guard.snapshot().overloadedRejections()).isEqualTo(1);
    }

    @Test
    void waitingEnvelopesGetTheirPlacesInArrivalOrder() throws InterruptedException {
        NodeGuard guard = guard(OptionalInt.of(1), OptionalDouble.empty(), 8);
        assertThat(guard.tryEnter()).isTrue();
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<Thread> waiters = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int number = i;
            assertThat(guard.tryEnter()).isFalse();
            // Each waiter starts waiting before the next one joins the queue.
            Thread waiter = Thread.ofVirtual().start(() -> {
                try {
                    if (guard.awaitEntry(PATIENCE_NANOS)) {
                        order.add(number);
                        guard.exit();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiters.add(waiter);
            long deadline = System.nanoTime() + PATIENCE_NANOS;
            while (guard.snapshot().waiting() != number + 1 || !waiterParked(waiter)) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(1);
            }
        }
        guard.exit();
        for (Thread waiter : waiters) {
            assertThat(waiter.join(java.time.Duration.ofSeconds(20))).isTrue();
        }
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
        assertThat(guard.snapshot().waitedAdmissions()).isEqualTo(5);
        assertThat(guard.inFlight()).isZero();
        assertThat(guard.waiting()).isZero();
    }

    private static boolean waiterParked(Thread waiter) {
        Thread.State state = waiter.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    @Test
    void aWaitThatRunsOutLeavesTheQueue() throws InterruptedException {
        NodeGuard guard = guard(OptionalInt.of(1), OptionalDouble.empty(), 1);
        assertThat(guard.tryEnter()).isTrue();
        assertThat(guard.tryEnter()).isFalse();
        assertThat(guard.awaitEntry(TimeUnit.MILLISECONDS.toNanos(20))).isFalse();
        assertThat(guard.waiting()).isZero();
        assertThat(guard.tryEnter()).as("the queue has room again").isFalse();
        guard.exit();
        assertThat(guard.awaitEntry(PATIENCE_NANOS)).isTrue();
        assertThat(guard.inFlight()).isEqualTo(1);
    }

    @Test
    void anEnvelopeBeyondTheRateIsAnsweredRateLimitedAndHoldsNoSlot() {
        NodeGuard guard = guard(OptionalInt.of(5), OptionalDouble.of(1), 0);
        assertThat(guard.tryEnter()).isTrue();
        assertThatThrownBy(guard::tryEnter).isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("limits.rate_per_second");
        assertThat(guard.inFlight()).isEqualTo(1);
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(guard.tryEnter()).isTrue();
        assertThat(guard.snapshot().rateLimitedRejections()).isEqualTo(1);
    }

    @Test
    void aNodeWithoutLimitsAdmitsEverythingAndStillCountsItsInFlightEnvelopes() {
        NodeGuard guard = guard(OptionalInt.empty(), OptionalDouble.empty(), HostedNode.Limits.DEFAULT_QUEUE);
        for (int i = 0; i < 1_000; i++) {
            assertThat(guard.tryEnter()).isTrue();
        }
        assertThat(guard.snapshot().inFlight()).isEqualTo(1_000);
        assertThat(guard.snapshot().maxConcurrent()).isEmpty();
        assertThat(guard.snapshot().queue()).isZero();
    }
}
