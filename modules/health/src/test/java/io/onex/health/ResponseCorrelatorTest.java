package io.onex.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Envelope;
import io.onex.host.api.HandlerType;
import io.onex.host.core.bus.InMemoryEventBus;
import io.onex.host.core.codec.EnvelopeCodec;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResponseCorrelatorTest {

    private static final String OUTPUT = "onex.test.correlator.evt.v1";

    private final InMemoryEventBus bus = InMemoryEventBus.create();
    private final ResponseCorrelator correlator = ResponseCorrelator.attach(bus, OUTPUT, EnvelopeCodec.standard(), 2);

    ResponseCorrelatorTest() {
        bus.start();
    }

    @AfterEach
    void stop() {
        correlator.close();
        bus.stop();
    }

    private static Envelope request() {
        return Envelope.request("echo", HandlerType.of("local"), "local.echo", Map.of());
    }

    @Test
    void theResponseWhoseCausationIsTheRequestIsHandedToItsWaiter() {
        Envelope request = request();
        assertThat(correlator.expect(request.envelopeId())).isEqualTo(ResponseCorrelator.Registration.REGISTERED);
        Envelope response = Envelope.responseTo(request, Map.of("ok", true));

        bus.publish(OUTPUT, Envelope.responseTo(request(), Map.of()));
        bus.publish(OUTPUT, response);

        assertThat(correlator.await(request.envelopeId(), Duration.ofSeconds(10))).hasValue(response);
        assertThat(correlator.waitingCount()).isZero();
    }

    @Test
    void anEncodedResponseIsMatchedToo() {
        Envelope request = request();
        correlator.expect(request.envelopeId());
        Envelope response = Envelope.responseTo(request, Map.of("ok", true));

        bus.publishEncoded(OUTPUT, EnvelopeCodec.standard().encode(response));

        assertThat(correlator.await(request.envelopeId(), Duration.ofSeconds(10)))
                .hasValueSatisfying(r -> assertThat(r.causationId()).isEqualTo(request.envelopeId()));
    }

    @Test
    void aWaitThatRunsOutIsEmptyAndForgotten() {
        Envelope request = request();
        correlator.expect(request.envelopeId());

        Optional<Envelope> response = correlator.await(request.envelopeId(), Duration.ofMillis(20));

        assertThat(response).isEmpty();
        assertThat(correlator.waitingCount()).isZero();
    }

    @Test
    void aSecondWaiterForTheSameIdIsADuplicate() {
        Envelope request = request();
        correlator.expect(request.envelopeId());

        assertThat(correlator.expect(request.envelopeId())).isEqualTo(ResponseCorrelator.Registration.DUPLICATE);
    }

    @Test
    void noMoreThanTheLimitWaitAtOnce() {
        correlator.expect(request().envelopeId());
        correlator.expect(request().envelopeId());

        assertThat(correlator.expect(request().envelopeId())).isEqualTo(ResponseCorrelator.Registration.FULL);
    }

    @Test
    void otherSubscribersOfTheOutputTopicStillGetEveryResponse() {
        CopyOnWriteArrayList<io.onex.host.api.Inbound> seen = new CopyOnWriteArrayList<>();
        bus.subscribe(OUTPUT, (topic, message, settlement) -> {
            seen.add(message);
            settlement.complete();
        });
        Envelope request = request();
        correlator.expect(request.envelopeId());

        bus.publish(OUTPUT, Envelope.responseTo(request, Map.of()));

        assertThat(correlator.await(request.envelopeId(), Duration.ofSeconds(10))).isPresent();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
    }
}
