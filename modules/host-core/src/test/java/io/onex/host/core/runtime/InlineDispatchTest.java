package io.onex.host.core.runtime;

import static io.onex.host.core.runtime.TestContracts.INPUT;
import static io.onex.host.core.runtime.TestContracts.OUTPUT;
import static io.onex.host.core.runtime.TestContracts.binding;
import static io.onex.host.core.runtime.TestContracts.io;
import static io.onex.host.core.runtime.TestContracts.limited;
import static io.onex.host.core.runtime.TestContracts.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.BusHealth;
import io.onex.host.api.DeliveryListener;
import io.onex.host.api.Envelope;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.EventBus;
import io.onex.host.api.HandlerType;
import io.onex.host.api.Inbound;
import io.onex.host.api.Subscription;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.HostedNode;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.core.TestHandlers;
import io.onex.host.core.bus.InMemoryEventBus;
import io.onex.host.core.log.JsonLog;
import io.onex.host.core.resilience.Policies;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where the host runs a request: on the thread that delivered it when nothing of its call can
 * wait (a handler that never blocks, a binding without retry, timeout or bulkhead, a node with a
 * free place, a bus that publishes without waiting), on a virtual thread of its own otherwise.
 */
class InlineDispatchTest {

    private static final HandlerType LOCAL = HandlerType.of("local");
    private static final String DELIVERING_THREAD = "onex-bus-" + INPUT;

    private final ScriptedHandler fast = new ScriptedHandler(LOCAL).neverBlocks();
    private final ScriptedHandler slow = new ScriptedHandler(LOCAL);
    private final List<Envelope> responses = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final List<RuntimeHostProcess> hosts = new ArrayList<>();
    private InMemoryEventBus bus;

    @AfterEach
    void stopHosts() {
        if (slow.gate != null) {
            slow.release();
        }
        hosts.forEach(RuntimeHostProcess::shutdown);
    }

    /** Starts a host of one node per handler plus a node "mixed" that uses both, on {@code busOf(bus)}. */
    private void start(HandlerBinding fastBinding, HostedNode.Limits mixedLimits,
            java.util.function.Function<InMemoryEventBus, EventBus> busOf) {
        List<HostedNode> nodes = List.of(
                node("quick", List.of(), io("fast", "local.echo")),
                node("patient", List.of(), io("slow", "local.echo")),
                limited("mixed", mixedLimits, List.of(), io("fast", "local.echo"), io("slow", "local.transform")));
        RuntimeContract contract = TestContracts.runtime(List.of(fastBinding, binding(LOCAL, "slow")), nodes, 64,
                Duration.ofSeconds(5));
        bus = InMemoryEventBus.create();
        bus.subscribe(OUTPUT, (topic, message, settlement) -> responses.add(((Inbound.Decoded) message).envelope()));
        RuntimeHostProcess host = RuntimeHostProcess.builder(contract, busOf.apply(bus), TestHandlers.registry())
                .handler(contract.handlers().get(0), fast)
                .handler(contract.handlers().get(1), slow)
                .log(JsonLog.to(new PrintStream(logs, true, StandardCharsets.UTF_8), JsonLog.Level.DEBUG))
                .build();
        host.start();
        hosts.add(host);
    }

    private void start() {
        start(binding(LOCAL, "fast"), HostedNode.Limits.NONE, b -> b);
    }

    private Envelope send(String node, String operation) {
        Envelope request = Envelope.request(node, LOCAL, operation, Map.of("n", 1));
        bus.publish(INPUT, request);
        await().atMost(Duration.ofSeconds(20)).until(() -> responses.stream()
                .anyMatch(r -> request.envelopeId().equals(r.causationId())));
        return responses.stream().filter(r -> request.envelopeId().equals(r.causationId())).findFirst().orElseThrow();
    }

    private static void assertOnTheDeliveringThread(Thread thread) {
        assertThat(thread.isVirtual()).isFalse();
        assertThat(thread.getName()).isEqualTo(DELIVERING_THREAD);
    }

    @Test
    void aHandlerThatNeverBlocksRunsOnTheDeliveringThread() {
        start();
        assertThat(send("quick", "local.echo").success()).isTrue();
        assertOnTheDeliveringThread(fast.threads.getFirst());
        assertThat(logs.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains("\"envelope accepted\"")))
                .singleElement().matches(line -> line.contains("\"inline\":true") && line.contains("\"node\":\"quick\"")
                        && line.contains("\"envelope_id\":"), "carries the envelope's log context");
    }

    @Test
    void aHandlerThatMayBlockRunsOnAVirtualThreadOfItsOwn() {
        start();
        assertThat(send("patient", "local.echo").success()).isTrue();
        assertThat(slow.threads.getFirst().isVirtual()).isTrue();
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("\"inline\":false");
    }

    @Test
    void aBindingWhosePoliciesMayWaitRunsOnAVirtualThreadEvenWhenItsHandlerNeverBlocks() {
        start(Policies.none().timeoutMillis(10_000).binding("fast"), HostedNode.Limits.NONE, b -> b);
        assertThat(send("quick", "local.echo").success()).isTrue();
        assertThat(fast.threads.getFirst().isVirtual()).isTrue();
    }

    @Test
    void aBusWhosePublishMayWaitKeepsEveryRequestOnItsOwnThread() {
        start(binding(LOCAL, "fast"), HostedNode.Limits.NONE, BlockingPublisher::new);
        assertThat(send("quick", "local.echo").success()).isTrue();
        assertThat(fast.threads.getFirst().isVirtual()).isTrue();
    }

    @Test
    void aRequestWhoseNodeHasNoFreePlaceWaitsOnItsOwnThreadAndTheTopicMovesOn() {
        start(binding(LOCAL, "fast"), new HostedNode.Limits(OptionalInt.of(1), OptionalDouble.empty(), 4), b -> b);
        slow.holdCalls();
        Envelope held = Envelope.request("mixed", LOCAL, "local.transform", Map.of("n", 1));
        bus.publish(INPUT, held);
        await().atMost(Duration.ofSeconds(20)).until(() -> slow.concurrent.get() == 1);

        Envelope queued = Envelope.request("mixed", LOCAL, "local.echo", Map.of("n", 2));
        bus.publish(INPUT, queued);
        // The topic is not held by the queued request: another node's request is answered meanwhile.
        assertThat(send("quick", "local.echo").success()).isTrue();
        assertThat(responses).noneMatch(r -> queued.envelopeId().equals(r.causationId()));

        slow.release();
        await().atMost(Duration.ofSeconds(20)).until(() -> responses.size() == 3);
        assertThat(responses).allMatch(Envelope::success);
        assertOnTheDeliveringThread(fast.threads.get(0));
        assertThat(fast.threads.get(1).isVirtual()).as("the request that waited for the node's place").isTrue();
    }

    @Test
    void aNodeOverItsRateIsAnsweredRateLimitedOnTheDeliveringThreadAsOnAWorker() {
        start(binding(LOCAL, "fast"), new HostedNode.Limits(OptionalInt.empty(), OptionalDouble.of(0.001)), b -> b);
        assertThat(send("mixed", "local.echo").success()).isTrue();
        Envelope refused = send("mixed", "local.echo");
        assertThat(refused.error().code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(fast.threads).hasSize(1);
    }

    @Test
    void requestsRunHereAreAnsweredExactlyOnceAndCounted() {
        start();
        int count = 2_000;
        for (int i = 0; i < count; i++) {
            bus.publish(INPUT, Envelope.request(i % 2 == 0 ? "quick" : "patient", LOCAL, "local.echo", Map.of("i", i)));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> responses.size() >= count);
        assertThat(responses).hasSize(count).allMatch(Envelope::success);
        assertThat(responses).extracting(Envelope::causationId).doesNotHaveDuplicates();
        RuntimeHostProcess host = hosts.getFirst();
        // The counters are another view than the responses, not assumed to be updated before them.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(host.stats().succeededCount()).isEqualTo(count);
            assertThat(host.nodeStats()).extracting(NodeStats::answeredCount).containsExactly(1_000L, 1_000L, 0L);
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> host.inFlight() == 0);
        assertThat(fast.threads).allMatch(thread -> !thread.isVirtual());
    }

    /** The in-memory bus, but saying that its publish may wait, as a broker's does. */
    private record BlockingPublisher(InMemoryEventBus bus) implements EventBus {
        @Override
        public void start() {
            bus.start();
        }

        @Override
        public void publish(String topic, Envelope envelope) {
            bus.publish(topic, envelope);
        }

        @Override
        public void publishEncoded(String topic, byte[] json) {
            bus.publishEncoded(topic, json);
        }

        @Override
        public Subscription subscribe(String topic, DeliveryListener listener) {
            return bus.subscribe(topic, listener);
        }

        @Override
        public long pending(String topic) {
            return bus.pending(topic);
        }

        @Override
        public BusHealth health() {
            return bus.health();
        }

        @Override
        public void stop() {
            bus.stop();
        }
    }
}
