package io.onex.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArrivalsTest {

    @Test
    void aWaiterIsWokenWhenTheLastOfItsMessagesArrivesFromAnotherThread() throws InterruptedException {
        Arrivals arrivals = new Arrivals();
        Thread sender = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 100_000; i++) {
                arrivals.arrive();
            }
        });
        assertThat(arrivals.await(60_000, Duration.ofSeconds(30))).isTrue();
        assertThat(arrivals.await(40_000, Duration.ofSeconds(30))).isTrue();
        sender.join();
    }

    @Test
    void arrivalsTakenByOneWaitAreNotCountedForTheNext() {
        Arrivals arrivals = new Arrivals();
        arrivals.arrive();
        arrivals.arrive();
        assertThat(arrivals.await(2, Duration.ofSeconds(5))).isTrue();
        assertThat(arrivals.await(1, Duration.ofMillis(50))).as("nothing arrived since").isFalse();
        arrivals.arrive();
        assertThat(arrivals.await(1, Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void aWaitThatRunsOutTakesNothing() {
        Arrivals arrivals = new Arrivals();
        arrivals.arrive();
        assertThat(arrivals.await(2, Duration.ofMillis(50))).isFalse();
        arrivals.arrive();
        assertThat(arrivals.await(2, Duration.ofSeconds(5))).as("the first arrival still counts").isTrue();
    }
}
