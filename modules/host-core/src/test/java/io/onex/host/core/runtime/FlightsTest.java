package io.onex.host.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Envelope;
import io.onex.host.api.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The flights a shutdown answers: each one there from being taken up until it is settled. */
class FlightsTest {

    private static Flight flight() {
        Envelope request = Envelope.request("orders", HandlerType.of("local"), "local.echo", Map.of())
                .withCorrelationId(UUID.randomUUID());
        return new Flight(new Admission.Accepted(request), null, null, Flights.stripe());
    }

    @Test
    void holdsWhatWasAddedAndNotRemovedWhateverItsStripe() {
        Flights flights = new Flights();
        List<Flight> added = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Flight flight = flight();
            flights.add(flight);
            added.add(flight);
        }
        for (int i = 0; i < 100; i += 2) {
            flights.remove(added.get(i));
        }

        assertThat(flights.size()).isEqualTo(50);
        assertThat(flights.snapshot()).containsExactlyInAnyOrderElementsOf(
                added.stream().filter(f -> added.indexOf(f) % 2 == 1).toList());
    }

    @Test
    void removingAFlightTwiceOrOneNeverAddedChangesNothing() {
        Flights flights = new Flights();
        Flight kept = flight();
        Flight gone = flight();
        flights.add(kept);
        flights.add(gone);

        flights.remove(gone);
        flights.remove(gone);
        flights.remove(flight());

        assertThat(flights.snapshot()).containsExactly(kept);
        flights.remove(kept);
        assertThat(flights.isEmpty()).isTrue();
    }
}
