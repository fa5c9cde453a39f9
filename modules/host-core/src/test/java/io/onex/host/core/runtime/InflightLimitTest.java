package io.onex.host.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Envelope;
import io.onex.host.api.HandlerType;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The host's one in-flight limit: never more slots than the limit, every freed slot taken again. */
class InflightLimitTest {

    private static Flight flight() {
        Envelope request = Envelope.request("orders", HandlerType.of("local"), "local.echo", Map.of())
                .withCorrelationId(UUID.randomUUID());
        return new Flight(new Admission.Accepted(request), null, null, Flights.stripe());
    }

    @Test
    void aFlightHoldsOneSlotUntilItIsReleasedOnce() {
        InflightLimit limit = new InflightLimit(2);
        Flight flight = flight();

        assertThat(limit.take(flight)).isTrue();
        assertThat(limit.taken()).isEqualTo(1);
        limit.release(flight);
        limit.release(flight);

        assertThat(limit.taken()).as("a second release of the same flight frees nothing").isZero();
    }

    @Test
    void aDelivererWaitsWhileEverySlotIsTakenAndGetsTheFirstOneFreed() {
        InflightLimit limit = new InflightLimit(8);
        Flight[] running = new Flight[8];
        for (int i = 0; i < running.length; i++) {
            running[i] = flight();
            assertThat(limit.take(running[i])).isTrue();
        }
        Flight waiting = flight();
        CompletableFuture<Boolean> taken = CompletableFuture.supplyAsync(() -> limit.take(waiting));

        // One slot freed is fewer than the quarter that wakes the waiter; its own look again finds it.
        limit.release(running[0]);

        assertThat(taken).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(true);
        assertThat(limit.taken()).isEqualTo(8);
    }

    @Test
    void manyFlightsNeverHoldMoreSlotsThanTheLimit() throws Exception {
        InflightLimit limit = new InflightLimit(4);
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Thread[] threads = new Thread[16];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 200; i++) {
                    Flight flight = flight();
                    assertThat(limit.take(flight)).isTrue();
                    most.accumulateAndGet(holding.incrementAndGet(), Math::max);
                    holding.decrementAndGet();
                    limit.release(flight);
                }
            });
        }
        for (Thread thread : threads) {
            assertThat(thread.join(Duration.ofSeconds(60))).isTrue();
        }

        assertThat(most.get()).isBetween(1, 4);
        assertThat(limit.taken()).isZero();
    }

    @Test
    void onceTheGracePeriodRanOutNobodyWaitsForASlot() {
        InflightLimit limit = new InflightLimit(1);
        assertThat(limit.take(flight())).isTrue();
        CompletableFuture<Boolean> taken = CompletableFuture.supplyAsync(() -> limit.take(flight()));
        assertThat(taken).as("every slot is taken").isNotDone();

        limit.expire();

        assertThat(taken).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(false);
        assertThat(limit.taken()).isEqualTo(1);
    }

    @Test
    void aFlightAnsweredWhileItWaitedDoesNotTakeASlotAgain() {
        InflightLimit limit = new InflightLimit(2);
        Flight flight = flight();
        assertThat(limit.take(flight)).isTrue();
        limit.release(flight); // it waits in its node's queue

        flight.claimAnswer(); // a drain answered it meanwhile

        assertThat(limit.retake(flight)).isFalse();
        assertThat(limit.taken()).isZero();
    }
}
