package io.onex.host.core.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.Envelope;
import io.onex.host.api.HandlerType;
import io.onex.host.api.Inbound;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Publishers that keep finding their topic full: each is woken once half of it is free, once per
 * wait, and no message is lost, doubled or reordered by the waits.
 */
class FullTopicTest {

    private static final int PUBLISHERS = 3;
    private static final int MESSAGES = 3_000;

    private final InMemoryEventBus bus = InMemoryEventBus.create(4, Duration.ofSeconds(30));

    @AfterEach
    void stop() {
        bus.stop();
    }

    @Test
    void publishersToAFullTopicGetEveryMessageThroughInOrder() throws InterruptedException {
        Map<Object, List<Integer>> received = new ConcurrentHashMap<>();
        List<Object> order = new CopyOnWriteArrayList<>();
        bus.subscribe("small", (topic, message, settlement) -> {
            Map<String, Object> payload = ((Inbound.Decoded) message).envelope().payload();
            received.computeIfAbsent(payload.get("from"), k -> new CopyOnWriteArrayList<>())
                    .add((Integer) payload.get("i"));
            order.add(payload.get("from"));
        });
        bus.start();
        List<Thread> publishers = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            String from = "p" + p;
            publishers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < MESSAGES; i++) {
                    bus.publish("small", Envelope.request("node", HandlerType.of("local"), "local.echo",
                            Map.of("from", from, "i", i)));
                }
            }));
        }
        for (Thread publisher : publishers) {
            publisher.join(Duration.ofSeconds(60));
            assertThat(publisher.isAlive()).as("a publisher still waits for room").isFalse();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> order.size() == PUBLISHERS * MESSAGES);
        assertThat(received).hasSize(PUBLISHERS);
        for (List<Integer> fromOne : received.values()) {
            assertThat(fromOne).hasSize(MESSAGES).isSorted().doesNotHaveDuplicates();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> bus.pending("small") == 0);
    }
}
