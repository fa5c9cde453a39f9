package io.onex.host.core.runtime;

import io.onex.host.core.TestHandlers;
import static io.onex.host.core.runtime.TestContracts.INPUT;
import static io.onex.host.core.runtime.TestContracts.OUTPUT;
import static io.onex.host.core.runtime.TestContracts.binding;
import static io.onex.host.core.runtime.TestContracts.io;
import static io.onex.host.core.runtime.TestContracts.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.BusHealth;
import io.onex.host.api.DeliveryListener;
import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeError;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.EventBus;
import io.onex.host.api.EventBusException;
import io.onex.host.api.HandlerType;
import io.onex.host.api.Inbound;
import io.onex.host.api.Settlement;
import io.onex.host.api.Subscription;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.core.bus.InMemoryEventBus;
import io.onex.host.core.log.JsonLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the host settles deliveries with a bus that tracks them: unreadable input goes back to the
 * bus as a dead letter with its reason instead of an error response, input whose response cannot
 * be published is given back for redelivery, and a drain first tells the subscription to stop
 * fetching.
 */
class RuntimeHostSettlementTest {

    private final ScriptedHandler local = new ScriptedHandler(HandlerType.of("local"));
    private final List<Envelope> responses = new CopyOnWriteArrayList<>();
    private final DeadLetteringBus bus = new DeadLetteringBus();
    private RuntimeHostProcess host;

    @AfterEach
    void stopHost() {
        if (host != null) {
            host.shutdown();
        }
    }

    private void start() {
        RuntimeContract contract = TestContracts.runtime(List.of(binding(HandlerType.of("local"), "local")),
                List.of(node("echo", List.of(), io("local", "local.echo"))), 16, Duration.ofSeconds(5));
        bus.subscribe(OUTPUT, (topic, message, settlement) -> responses.add(((Inbound.Decoded) message).envelope()));
        host = RuntimeHostProcess.builder(contract, bus, TestHandlers.registry()).handler(contract.handlers().getFirst(), local)
                .log(JsonLog.to(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        JsonLog.Level.INFO))
                .build();
        host.start();
    }

    @Test
    void undecodableInputBecomesADeadLetterWithItsReasonAndNoResponse() {
        start();
        bus.publishEncoded(INPUT, "{not json".getBytes(StandardCharsets.UTF_8));
        // The dead letter, the settlement and the count are three states: each awaited.
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.deadLetters.size() == 1 && bus.completed.get() == 1
                && host.stats().deadLetteredCount() == 1);
        assertThat(bus.deadLetters.getFirst().code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        bus.publish(INPUT, Envelope.request("echo", HandlerType.of("local"), "local.echo", Map.of()));
        await().atMost(Duration.ofSeconds(10)).until(() -> responses.size() == 1);
        assertThat(responses).singleElement().matches(Envelope::success);
    }

    @Test
    void aDeadLetterCarriesTheCorrelationIdThatCouldBeRead() {
        start();
        UUID correlation = UUID.randomUUID();
        bus.publishEncoded(INPUT, ("{\"correlation_id\":\"" + correlation + "\",\"envelope_version\":\"1.0\"}")
                .getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.deadLetters.size() == 1);
        assertThat(bus.deadLetters.getFirst().details()).containsEntry("correlation_id", correlation.toString());
    }

    @Test
    void aDeadLetterTheBusCannotStoreIsAnsweredWithAnErrorEnvelope() {
        bus.failDeadLetters.set(true);
        start();
        bus.publishEncoded(INPUT, "[]".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(10)).until(() -> responses.size() == 1 && bus.completed.get() == 1);
        assertThat(responses.getFirst().error().code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
    }

    @Test
    void inputWhoseResponseCannotBePublishedIsGivenBackRatherThanCompleted() {
        bus.failOutput.set(true);
        start();
        bus.publish(INPUT, Envelope.request("echo", HandlerType.of("local"), "local.echo", Map.of()));
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.abandoned.get() == 1
                && host.stats().publishFailureCount() == 1 && host.inFlight() == 0);
        assertThat(bus.completed.get()).isZero();
    }

    @Test
    void aDrainFirstTellsTheSubscriptionToStopFetching() {
        start();
        host.shutdown();
        assertThat(bus.stopFetchingCalls.get()).isEqualTo(1);
    }

    /** The in-memory bus, with settlements that take dead letters and count completions. */
    private static final class DeadLetteringBus implements EventBus {
        final InMemoryEventBus inner = InMemoryEventBus.create();
        final List<EnvelopeError> deadLetters = new CopyOnWriteArrayList<>();
        final AtomicInteger completed = new AtomicInteger();
        final AtomicInteger stopFetchingCalls = new AtomicInteger();
        final AtomicBoolean failDeadLetters = new AtomicBoolean();
        final AtomicBoolean failOutput = new AtomicBoolean();
        final AtomicInteger abandoned = new AtomicInteger();

        @Override
        public void start() {
            inner.start();
        }

        @Override
        public void publish(String topic, Envelope envelope) {
            if (failOutput.get() && topic.equals(OUTPUT)) {
                throw new EventBusException("the output topic is unavailable");
            }
            inner.publish(topic, envelope);
        }

        @Override
        public void publishEncoded(String topic, byte[] json) {
            inner.publishEncoded(topic, json);
        }

        @Override
        public Subscription subscribe(String topic, DeliveryListener listener) {
            Subscription subscription = inner.subscribe(topic, (t, message, ignored) ->
                    listener.onDelivery(t, message, new Settlement() {
                        private final AtomicBoolean done = new AtomicBoolean();

                        @Override
                        public void complete() {
                            if (done.compareAndSet(false, true)) {
                                completed.incrementAndGet();
                            }
                        }

                        @Override
                        public void abandon() {
                            if (done.compareAndSet(false, true)) {
                                abandoned.incrementAndGet();
                            }
                        }

                        @Override
                        public boolean deadLetter(EnvelopeError reason) {
                            if (failDeadLetters.get()) {
                                throw new EventBusException("the dead-letter topic is unavailable");
                            }
                            deadLetters.add(reason);
                            complete();
                            return true;
                        }
                    }));
            return new Subscription() {
                @Override
                public String topic() {
                    return topic;
                }

                @Override
                public void stopFetching() {
                    stopFetchingCalls.incrementAndGet();
                }

                @Override
                public void close() {
                    subscription.close();
                }
            };
        }

        @Override
        public long pending(String topic) {
            return inner.pending(topic);
        }

        @Override
        public BusHealth health() {
            return inner.health();
        }

        @Override
        public void stop() {
            inner.stop();
        }
    }
}
