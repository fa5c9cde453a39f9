package io.onex.host.core.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.Envelope;
import io.onex.host.api.EventBusException;
import io.onex.host.api.HandlerType;
import io.onex.host.api.Inbound;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryEventBusTest {

    private final InMemoryEventBus bus = InMemoryEventBus.create(8, Duration.ofMillis(200));

    @AfterEach
    void stop() {
        bus.stop();
    }

    private static Envelope envelope(int i) {
        return Envelope.request("node", HandlerType.of("local"), "local.echo", Map.of("i", i));
    }

    @Test
    void deliversEachTopicInPublishOrder() {
        List<Object> a = new CopyOnWriteArrayList<>();
        List<Object> b = new CopyOnWriteArrayList<>();
        bus.subscribe("a", (topic, message, settlement) -> a.add(((Inbound.Decoded) message).envelope().payload().get("i")));
        bus.subscribe("b", (topic, message, settlement) -> b.add(((Inbound.Decoded) message).envelope().payload().get("i")));
        bus.start();
        for (int i = 0; i < 100; i++) {
            bus.publish(i % 2 == 0 ? "a" : "b", envelope(i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> a.size() == 50 && b.size() == 50);
        assertThat(a).isSortedAccordingTo((x, y) -> Integer.compare((Integer) x, (Integer) y));
        assertThat(b).isSortedAccordingTo((x, y) -> Integer.compare((Integer) x, (Integer) y));
    }

    @Test
    void holdsMessagesPublishedBeforeAnyoneSubscribes() {
        bus.start();
        bus.publish("late", envelope(1));
        assertThat(bus.pending("late")).isEqualTo(1);
        List<Inbound> received = new CopyOnWriteArrayList<>();
        bus.subscribe("late", (topic, message, settlement) -> received.add(message));
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> bus.pending("late") == 0);
    }

    @Test
    void countsAMessageAsPendingUntilItsDeliveryReturns() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        bus.subscribe("t", (topic, message, settlement) -> {
            entered.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        bus.start();
        bus.publish("t", envelope(1));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(bus.pending("t")).isEqualTo(1);
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> bus.pending("t") == 0);
    }

    @Test
    void aPublisherToAFullTopicFailsAfterTheTimeout() {
        bus.start();
        for (int i = 0; i < 8; i++) {
            bus.publish("nobody-listens", envelope(i));
        }
        assertThatThrownBy(() -> bus.publish("nobody-listens", envelope(9)))
                .isInstanceOf(EventBusException.class).hasMessageContaining("is full");
        assertThat(bus.pending("nobody-listens")).isEqualTo(8);
    }

    @Test
    void aFailingListenerDoesNotStopItsTopic() {
        List<Inbound> received = new CopyOnWriteArrayList<>();
        bus.subscribe("t", (topic, message, settlement) -> {
            received.add(message);
            if (received.size() == 1) {
                throw new IllegalStateException("listener bug");
            }
        });
        bus.start();
        bus.publish("t", envelope(1));
        bus.publish("t", envelope(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2
                && Long.valueOf(1L).equals(bus.health().details().get("listener_failures")));
    }

    @Test
    void aStoppedBusRefusesToPublish() {
        bus.start();
        bus.stop();
        assertThatThrownBy(() -> bus.publish("t", envelope(1))).isInstanceOf(EventBusException.class)
                .hasMessageContaining("stopped");
        assertThat(bus.health().connected()).isFalse();
    }

    @Test
    void healthReportsPendingMessagesPerTopic() {
        bus.start();
        bus.publish("t", envelope(1));
        assertThat(bus.health().connected()).isTrue();
        assertThat(bus.health().details().get("pending")).isEqualTo(Map.of("t", 1L));
        assertThat(bus.health().details()).containsEntry("listener_failures", 0L);
    }
}
