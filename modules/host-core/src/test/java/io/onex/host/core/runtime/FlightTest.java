package io.onex.host.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Envelope;
import io.onex.host.api.HandlerType;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A flight's one answer and one in-flight slot: kept with plain writes while only its delivering
 * thread has it, and with compare-and-set once it is listed for other threads.
 */
class FlightTest {

    private static Flight flight() {
        Envelope request = Envelope.request("orders", HandlerType.of("local"), "local.echo", Map.of())
                .withCorrelationId(UUID.randomUUID());
        return new Flight(new Admission.Accepted(request), null, null, Flights.stripe());
    }

    @Test
    void aFlightOnItsDeliveringThreadIsAnsweredOnceAndFreesItsSlotOnce() {
        Flight flight = flight();
        flight.holdPermit();

        assertThat(flight.claimAnswer()).isTrue();
        assertThat(flight.claimAnswer()).isFalse();
        assertThat(flight.answered()).isTrue();
        flight.handed();
        assertThat(flight.wasHanded()).isTrue();
        assertThat(flight.dropPermit()).isTrue();
        assertThat(flight.dropPermit()).isFalse();
        assertThat(flight.answered()).as("dropping the slot keeps the other flags").isTrue();
    }

    @Test
    void aListedFlightIsAnsweredByExactlyOneOfTheThreadsThatRaceForIt() throws InterruptedException {
        for (int round = 0; round < 200; round++) {
            Flight flight = flight();
            flight.holdPermit();
            new Flights().add(flight);
            AtomicInteger answers = new AtomicInteger();
            AtomicInteger slotsFreed = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(4);
            for (int t = 0; t < 4; t++) {
                Thread.ofPlatform().start(() -> {
                    try {
                        start.await(10, TimeUnit.SECONDS);
                        if (flight.claimAnswer()) {
                            answers.incrementAndGet();
                        }
                        if (flight.dropPermit()) {
                            slotsFreed.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        done.countDown();
                    }
                });
            }
            start.countDown();
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(answers).hasValue(1);
            assertThat(slotsFreed).hasValue(1);
        }
    }
}
