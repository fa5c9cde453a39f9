package io.onex.host.core.runtime;

import io.onex.host.api.EnvelopeMeter;
import io.onex.host.api.HostObserver;
import io.onex.host.core.TestHandlers;
import static io.onex.host.core.runtime.TestContracts.INPUT;
import static io.onex.host.core.runtime.TestContracts.OUTPUT;
import static io.onex.host.core.runtime.TestContracts.binding;
import static io.onex.host.core.runtime.TestContracts.io;
import static io.onex.host.core.runtime.TestContracts.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.Envelope;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.core.bus.InMemoryEventBus;
import io.onex.host.core.log.JsonLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the host tells observers and its per-node counters, and its progress signal. */
class HostObservationTest {

    private final ScriptedHandler local = new ScriptedHandler(HandlerType.of("local"));
    private final RecordingObserver observer = new RecordingObserver();
    private final List<Envelope> responses = new CopyOnWriteArrayList<>();
    private RuntimeHostProcess host;
    private InMemoryEventBus bus;

    @AfterEach
    void stop() {
        if (local.gate != null) {
            local.release();
        }
        if (host != null) {
            host.shutdown();
        }
    }

    private void start() {
        RuntimeContract contract = TestContracts.runtime(List.of(binding(HandlerType.of("local"), "local")),
                List.of(node("echo", List.of(), io("local", "local.echo")), node("pure", List.of())), 16,
                Duration.ofSeconds(5));
        bus = InMemoryEventBus.create();
        bus.subscribe(OUTPUT, (topic, message, settlement) -> {
            responses.add(((io.onex.host.api.Inbound.Decoded) message).envelope());
            settlement.complete();
        });
        host = RuntimeHostProcess.builder(contract, bus, TestHandlers.registry())
                .handler(contract.handlers().getFirst(), local)
                .observer(observer)
                .log(JsonLog.to(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        JsonLog.Level.INFO))
                .build();
        host.start();
    }

    private void sendAndWait(Envelope request, int expectedResponses) {
        bus.publish(INPUT, request);
        await().atMost(Duration.ofSeconds(10)).until(() -> responses.size() >= expectedResponses);
    }

    @Test
    void theHostAsksForOneMeterPerNodeAndBindingWhileItIsBuilt() {
        start();

        assertThat(observer.meters.keySet()).containsExactlyInAnyOrder("echo/local/local", "echo/none/null",
                "pure/none/null", "none/none/null");
    }

    @Test
    void aSuccessIsRecordedOnItsNodeAndBindingWithItsHandlerTime() {
        start();

        sendAndWait(Envelope.request("echo", HandlerType.of("local"), "local.echo", Map.of()), 1);

        RecordingMeter meter = observer.meters.get("echo/local/local");
        assertThat(meter.answered).hasValue(1);
        assertThat(meter.executed).hasValue(1);
        assertThat(meter.failures).isEmpty();
    }

    @Test
    void aHandlerFailureIsRecordedOnItsBindingByCode() {
        start();
        local.behaviour = invocation -> {
            throw new io.onex.host.api.OnexTimeoutException("scripted");
        };

        sendAndWait(Envelope.request("echo", HandlerType.of("local"), "local.echo", Map.of()), 1);

        RecordingMeter meter = observer.meters.get("echo/local/local");
        assertThat(meter.failures).containsExactly(ErrorCode.TIMEOUT);
        assertThat(meter.executed).hasValue(1);
    }

    @Test
    void aFailureBeforeABindingIsChosenIsRecordedOnTheNode() {
        start();

        sendAndWait(Envelope.request("pure", HandlerType.of("local"), "local.echo", Map.of()), 1);

        assertThat(observer.meters.get("pure/none/null").failures).containsExactly(ErrorCode.OPERATION_NOT_ALLOWED);
        assertThat(host.nodeStats()).filteredOn(s -> s.node().equals("pure")).singleElement()
                .satisfies(s -> assertThat(s.failedCount()).isEqualTo(1));
    }

    @Test
    void unknownNodesAndUnreadableInputAreRecordedAsUnrouted() {
        start();

        sendAndWait(Envelope.request("nobody", HandlerType.of("local"), "local.echo", Map.of()), 1);
        bus.publishEncoded(INPUT, "{".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(10)).until(() -> responses.size() >= 2);

        assertThat(observer.meters.get("none/none/null").failures)
                .containsExactlyInAnyOrder(ErrorCode.NODE_NOT_FOUND, ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(host.unroutedStats().receivedCount()).isEqualTo(2);
        assertThat(host.unroutedStats().failedCount()).isEqualTo(2);
        assertThat(host.unroutedStats().inFlight()).isZero();
    }

    @Test
    void nodeStatsCountWorkInFlightAndItsOutcome() {
        start();
        local.holdCalls();
        bus.publish(INPUT, Envelope.request("echo", HandlerType.of("local"), "local.echo", Map.of()));
        NodeStats echo = host.nodeStats().getFirst();
        await().atMost(Duration.ofSeconds(10)).until(() -> echo.inFlight() == 1);
        long receivedWhileHeld = echo.receivedCount();

        if (local.gate != null) {
            local.release();
        }
        // The node's counters are not assumed to be updated before the response is out: awaited too.
        await().atMost(Duration.ofSeconds(10)).until(() -> responses.size() == 1 && echo.inFlight() == 0
                && echo.answeredCount() == 1);

        assertThat(receivedWhileHeld).isEqualTo(1);
        assertThat(echo.failedCount()).isZero();
    }

    @Test
    void progressSaysWhetherWorkWaitsAndCountsAnswers() {
        start();
        assertThat(host.progress()).isEqualTo(new Progress(0, false));
        local.holdCalls();
        bus.publish(INPUT, Envelope.request("echo", HandlerType.of("local"), "local.echo", Map.of()));
        await().atMost(Duration.ofSeconds(10)).until(() -> host.inFlight() == 1);

        Progress held = host.progress();
        if (local.gate != null) {
            local.release();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !host.progress().workWaiting());

        assertThat(held).isEqualTo(new Progress(0, true));
        assertThat(host.progress()).isEqualTo(new Progress(1, false));
    }

    private static final class RecordingObserver implements HostObserver {
        final Map<String, RecordingMeter> meters = new ConcurrentHashMap<>();

        @Override
        public EnvelopeMeter meter(String node, String binding, HandlerType type) {
            return meters.computeIfAbsent(node + "/" + binding + "/" + (type == null ? null : type.wireName()),
                    k -> new RecordingMeter());
        }
    }

    private static final class RecordingMeter implements EnvelopeMeter {
        final AtomicInteger answered = new AtomicInteger();
        final AtomicInteger executed = new AtomicInteger();
        final List<ErrorCode> failures = new CopyOnWriteArrayList<>();

        @Override
        public void answered() {
            answered.incrementAndGet();
        }

        @Override
        public void failed(ErrorCode code) {
            failures.add(code);
        }

        @Override
        public void executed(long nanos) {
            assertThat(nanos).isNotNegative();
            executed.incrementAndGet();
        }
    }
}
