package io.onex.host.core.runtime;

import static io.onex.host.core.runtime.TestContracts.INPUT;
import static io.onex.host.core.runtime.TestContracts.OUTPUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.Envelope;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.host.api.Inbound;
import io.onex.host.api.NodeCode;
import io.onex.host.api.NodeContext;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.HostedNode;
import io.onex.host.api.contract.NodeContract;
import io.onex.host.api.contract.NodeType;
import io.onex.host.core.TestHandlers;
import io.onex.host.core.bus.InMemoryEventBus;
import io.onex.host.core.code.CodeNodeHandler;
import io.onex.host.core.log.JsonLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Code nodes inside the host: their failures in the node's counters and health, their circuit,
 * concurrent calls, and the deadline as the context enforces it.
 */
class CodeNodeRuntimeTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final HandlerType NODE = HandlerType.of("node");

    private final ScriptedHandler dep = new ScriptedHandler(HandlerType.of("local"));
    private final Map<UUID, Envelope> responses = new ConcurrentHashMap<>();
    private RuntimeHostProcess host;
    private InMemoryEventBus bus;

    @AfterEach
    void stop() {
        if (host != null) {
            host.shutdown();
        }
    }

    private static HostedNode codeNode(String name, NodeType type, int maxConcurrent, String... operations) {
        List<NodeContract.IoOperation> io = type == NodeType.COMPUTE ? List.of()
                : List.of(new NodeContract.IoOperation("dep", List.of("local.echo"), List.of()));
        NodeContract contract = new NodeContract(Path.of(name + ".yaml"), "1.0.0", name, type, "", io, List.of(), true,
                List.of(operations).stream().map(op -> new NodeContract.NodeOperation(op, "", List.of())).toList());
        return new HostedNode(name, contract, new HostedNode.Limits(OptionalInt.of(maxConcurrent),
                OptionalDouble.empty()));
    }

    private void start(Map<String, Supplier<? extends NodeCode>> code, HostedNode... nodes) {
        HandlerBinding binding = TestContracts.binding(HandlerType.of("local"), "dep");
        bus = InMemoryEventBus.create();
        bus.subscribe(OUTPUT, (topic, message, settlement) -> {
            Envelope response = ((Inbound.Decoded) message).envelope();
            responses.put(response.causationId(), response);
        });
        var contract = TestContracts.runtime(List.of(binding), List.of(nodes), 64, Duration.ofSeconds(5));
        RuntimeHostProcess.Builder builder = RuntimeHostProcess.builder(contract, bus,
                TestHandlers.registry().withNodes(code)).handler(binding, dep)
                .log(JsonLog.to(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        JsonLog.Level.ERROR));
        for (CodeNode node : CodeNode.of(contract, TestHandlers.registry().withNodes(code))) {
            builder.codeNode(node, new CodeNodeHandler(node));
        }
        host = builder.build();
        host.start();
    }

    private Envelope send(Envelope request) {
        bus.publish(INPUT, request);
        await().atMost(PATIENCE).until(() -> responses.containsKey(request.envelopeId()));
        return responses.get(request.envelopeId());
    }

    private static Envelope request(String node, String operation) {
        return Envelope.request(node, NODE, node + "." + operation, Map.of());
    }

    private ManagedHandler binding(String name) {
        return host.handlers().stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aNodesFailuresShowInItsCountersAndHealthAndOpenItsCircuitWhileOtherNodesAnswer() {
        start(Map.of("faulty", () -> (request, context) -> {
            throw new IllegalStateException("boom");
        }, "calm", () -> (request, context) -> Map.of("ok", true)),
                codeNode("faulty", NodeType.COMPUTE, 1, "run"), codeNode("calm", NodeType.COMPUTE, 1, "run"));

        List<ErrorCode> codes = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            codes.add(send(request("faulty", "run")).error().code());
        }

        assertThat(codes.subList(0, 5)).containsOnly(ErrorCode.HANDLER_EXECUTION_ERROR);
        assertThat(codes.subList(5, 7)).containsOnly(ErrorCode.CIRCUIT_OPEN);
        assertThat(host.nodeStats()).filteredOn(stats -> stats.node().equals("faulty")).singleElement()
                .satisfies(stats -> assertThat(stats.failedCount()).isEqualTo(7));
        ManagedHandler faulty = binding(CodeNodes.bindingName("faulty"));
        assertThat(faulty.health().healthy()).isFalse();
        assertThat(faulty.health().details()).containsEntry("breaker", "OPEN").containsEntry("failures", 5L);
        assertThat(faulty.binding().required()).as("a failing node keeps the host ready").isFalse();
        assertThat(send(request("calm", "run")).success()).isTrue();
    }

    @Test
    void callAllRunsTheCallsThroughTheBindingAndAnswersInOrder() {
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        dep.behaviour = invocation -> {
            most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            concurrent.decrementAndGet();
            return invocation.payload();
        };
        start(Map.of("fan", () -> (request, context) -> {
            List<NodeContext.Call> calls = java.util.stream.IntStream.range(0, 6)
                    .mapToObj(i -> new NodeContext.Call("dep", "local.echo", Map.of("i", i))).toList();
            return Map.of("all", context.callAll(calls));
        }), codeNode("fan", NodeType.EFFECT, 2, "run"));

        Envelope answer = send(request("fan", "run"));

        assertThat(answer.success()).as(String.valueOf(answer.error())).isTrue();
        assertThat(answer.payload().get("all")).isEqualTo(List.of(Map.of("i", 0), Map.of("i", 1), Map.of("i", 2),
                Map.of("i", 3), Map.of("i", 4), Map.of("i", 5)));
        assertThat(dep.invocations).hasSize(6).allSatisfy(invocation -> {
            assertThat(invocation.node()).isEqualTo("fan");
            assertThat(invocation.binding()).isEqualTo("dep");
        });
        assertThat(most.get()).as("at most limits.max_concurrent calls at once").isLessThanOrEqualTo(2);
    }

    @Test
    void codeThatLoopsUntilItsDeadlineIsAnsweredTimeoutAndItsLaterCallsAreRefused() {
        AtomicInteger refused = new AtomicInteger();
        start(Map.of("slow", () -> (request, context) -> {
            long bound = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!context.remaining().isZero() && System.nanoTime() < bound) {
                Thread.onSpinWait();
            }
            try {
                context.call("dep", "local.echo", Map.of());
            } catch (io.onex.host.api.OnexTimeoutException e) {
                refused.incrementAndGet();
            }
            // Still busy until the host interrupts it, so the answer can only be the host's TIMEOUT.
            while (!Thread.currentThread().isInterrupted() && System.nanoTime() < bound) {
                Thread.onSpinWait();
            }
            return Map.of();
        }), codeNode("slow", NodeType.EFFECT, 1, "run"));

        Envelope answer = send(request("slow", "run").withTtlSeconds(1));

        assertThat(answer.error().code()).isEqualTo(ErrorCode.TIMEOUT);
        await().atMost(PATIENCE).until(() -> refused.get() == 1);
        assertThat(dep.invocations).isEmpty();
    }
}
