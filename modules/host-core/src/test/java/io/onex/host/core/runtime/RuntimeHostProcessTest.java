package io.onex.host.core.runtime;

import io.onex.host.core.TestHandlers;
import static io.onex.host.core.runtime.TestContracts.INPUT;
import static io.onex.host.core.runtime.TestContracts.OUTPUT;
import static io.onex.host.core.runtime.TestContracts.binding;
import static io.onex.host.core.runtime.TestContracts.disabled;
import static io.onex.host.core.runtime.TestContracts.io;
import static io.onex.host.core.runtime.TestContracts.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.Envelope;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.host.api.contract.HostedNode;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.core.bus.InMemoryEventBus;
import io.onex.host.core.log.JsonLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RuntimeHostProcessTest {

    private final ScriptedHandler local = new ScriptedHandler(HandlerType.of("local"));
    private final ScriptedHandler other = new ScriptedHandler(HandlerType.of("local"));
    private final List<Envelope> responses = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final List<RuntimeHostProcess> hosts = new ArrayList<>();
    private InMemoryEventBus bus;

    @AfterEach
    void stopHosts() {
        hosts.forEach(RuntimeHostProcess::shutdown);
    }

    private RuntimeHostProcess start(int maxInflight, Duration grace, Clock clock) {
        List<HostedNode> nodes = List.of(
                node("echo", List.of(), io("local", "local.echo", "local.transform")),
                node("picky", List.of("name"), io("local", "local.echo")),
                node("twin", List.of(), io("local", "local.echo"), io("other", "local.echo")),
                node("ghost", List.of(), io("off", "local.echo")),
                node("pure", List.of()));
        RuntimeContract contract = TestContracts.runtime(List.of(binding(HandlerType.of("local"), "local"),
                binding(HandlerType.of("local"), "other"), disabled(HandlerType.of("local"), "off")), nodes, maxInflight, grace);
        bus = InMemoryEventBus.create();
        bus.subscribe(OUTPUT, (topic, message, settlement) ->
                responses.add(((io.onex.host.api.Inbound.Decoded) message).envelope()));
        RuntimeHostProcess host = RuntimeHostProcess.builder(contract, bus, TestHandlers.registry())
                .handler(contract.handlers().get(0), local)
                .handler(contract.handlers().get(1), other)
                .log(JsonLog.to(new PrintStream(logs, true, StandardCharsets.UTF_8), JsonLog.Level.DEBUG))
                .clock(clock)
                .build();
        host.start();
        hosts.add(host);
        return host;
    }

    private RuntimeHostProcess start() {
        return start(64, Duration.ofSeconds(5), Clock.systemUTC());
    }

    private static Envelope request(String node, String operation, Map<String, Object> payload) {
        return Envelope.request(node, HandlerType.of("local"), operation, payload);
    }

    private Envelope send(Envelope request) {
        int before = responses.size();
        bus.publish(INPUT, request);
        await().atMost(Duration.ofSeconds(10)).until(() -> responses.size() > before);
        return responses.stream().filter(r -> request.envelopeId().equals(r.causationId())).findFirst().orElseThrow();
    }

    @Test
    void answersEveryRequestWithExactlyOneResponse() {
        start();
        Set<UUID> sent = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            Envelope request = request("echo", "local.echo", Map.of("i", i));
            sent.add(request.envelopeId());
            bus.publish(INPUT, request);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> responses.size() >= 2_000);
        assertThat(responses).hasSize(2_000);
        assertThat(responses).extracting(Envelope::causationId).doesNotHaveDuplicates();
        assertThat(new HashSet<>(responses.stream().map(Envelope::causationId).toList())).isEqualTo(sent);
        assertThat(responses).allMatch(Envelope::success);
    }

    @Test
    void aResponseEchoesTheCorrelationAndPointsAtItsRequest() {
        start();
        UUID correlation = UUID.randomUUID();
        Envelope request = request("echo", "local.echo", Map.of("hi", 1)).withCorrelationId(correlation)
                .withSourceNode("client");
        Envelope response = send(request);
        assertThat(response.correlationId()).isEqualTo(correlation);
        assertThat(response.causationId()).isEqualTo(request.envelopeId());
        assertThat(response.envelopeId()).isNotEqualTo(request.envelopeId());
        assertThat(response.isResponse()).isTrue();
        assertThat(response.success()).isTrue();
        assertThat(response.payload()).isEqualTo(Map.of("hi", 1));
        assertThat(response.sourceNode()).isEqualTo("echo");
        assertThat(response.targetNode()).isEqualTo("client");
        assertThat(response.metadata()).containsEntry(Envelope.ORIGINAL_TARGET_NODE, "echo");
    }

    @Test
    void aMissingCorrelationIdIsAssignedOnce() {
        start();
        Envelope response = send(request("echo", "local.echo", Map.of()));
        assertThat(response.correlationId()).isNotNull();
        assertThat(local.invocations.getFirst().envelope().correlationId()).isEqualTo(response.correlationId());
    }

    @Test
    void anUnknownNodeIsAnsweredWithNodeNotFoundListingTheHostedNodes() {
        start();
        Envelope response = send(request("nobody", "local.echo", Map.of()));
        assertThat(response.error().code()).isEqualTo(ErrorCode.NODE_NOT_FOUND);
        assertThat(response.error().message()).contains("nobody", "echo", "picky");
        assertThat(response.payload()).isNull();
    }

    @Test
    void anOperationTheNodeContractDoesNotListIsNotAllowed() {
        start();
        Envelope response = send(request("echo", "local.error", Map.of()));
        assertThat(response.error().code()).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
        assertThat(response.error().message()).contains("local.echo, local.transform");
        assertThat(local.invocations).isEmpty();
    }

    @Test
    void anOperationOfAnotherHandlerTypeIsInvalid() {
        start();
        Envelope response = send(request("echo", "http.get", Map.of()));
        assertThat(response.error().code()).isEqualTo(ErrorCode.INVALID_OPERATION);
    }

    @Test
    void aHandlerTypeNotRegisteredWithTheHostIsAnsweredListingTheRegisteredOnes() {
        start();
        Envelope response = send(Envelope.request("no_such_node", HandlerType.of("redis"), "redis.get", Map.of()));
        assertThat(response.error().code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(response.error().message())
                .isEqualTo("handler_type \"redis\" is not one of local, http, db, vault, consul");
        assertThat(local.invocations).isEmpty();
    }

    @Test
    void aComputeNodeMayPerformNoOperation() {
        start();
        Envelope response = send(request("pure", "local.echo", Map.of()));
        assertThat(response.error().code()).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
        assertThat(response.error().message()).contains("performs no I/O");
    }

    @Test
    void aDisabledBindingIsAnsweredWithHandlerNotFound() {
        start();
        Envelope response = send(request("ghost", "local.echo", Map.of()));
        assertThat(response.error().code()).isEqualTo(ErrorCode.HANDLER_NOT_FOUND);
        assertThat(response.error().message()).contains("off");
    }

    @Test
    void metadataBindingPicksOneOfSeveralBindings() {
        start();
        Envelope response = send(request("twin", "local.echo", Map.of()).withMetadata(Map.of("binding", "other")));
        assertThat(response.success()).isTrue();
        assertThat(other.invocations).hasSize(1);
        assertThat(local.invocations).isEmpty();
    }

    @Test
    void severalBindingsWithoutMetadataBindingAreAnAmbiguousRequest() {
        start();
        Envelope response = send(request("twin", "local.echo", Map.of()));
        assertThat(response.error().code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(response.error().message()).contains("metadata.binding", "local, other");
    }

    @Test
    void anUnknownMetadataBindingIsHandlerNotFoundListingTheAvailableOnes() {
        start();
        Envelope response = send(request("twin", "local.echo", Map.of()).withMetadata(Map.of("binding", "nope")));
        assertThat(response.error().code()).isEqualTo(ErrorCode.HANDLER_NOT_FOUND);
        assertThat(response.error().message()).contains("nope", "local, other");
    }

    @Test
    void aMissingRequiredInputIsAnEnvelopeValidationError() {
        start();
        Envelope response = send(request("picky", "local.echo", Map.of("nom", "x")));
        assertThat(response.error().code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(response.error().message()).contains("name");
    }

    @Test
    void anExpiredEnvelopeIsAnsweredWithoutRunning() {
        Instant now = Instant.parse("2026-11-27T10:00:00Z");
        start(8, Duration.ofSeconds(5), Clock.fixed(now, ZoneOffset.UTC));
        Envelope stale = new Envelope(UUID.randomUUID(), "1.0", UUID.randomUUID(), null, null, "echo",
                HandlerType.of("local"), "local.echo", Map.of(), Map.of(), now.minusSeconds(31), 30, false, true, null);
        Envelope response = send(stale);
        assertThat(response.error().code()).isEqualTo(ErrorCode.EXPIRED);
        assertThat(local.invocations).isEmpty();
    }

    @Test
    void aRawHandlerExceptionBecomesAnExecutionErrorWithoutItsMessage() {
        start();
        local.behaviour = invocation -> {
            throw new IllegalStateException("password=hunter2 at jdbc://secret-host");
        };
        Envelope response = send(request("echo", "local.echo", Map.of()));
        assertThat(response.error().code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR);
        assertThat(response.error().message()).contains("IllegalStateException").doesNotContain("hunter2", "secret-host");
        assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain("hunter2");
    }

    @Test
    void aResponseEnvelopeOnTheInputTopicIsRejected() {
        start();
        Envelope request = request("echo", "local.echo", Map.of()).withCorrelationId(UUID.randomUUID());
        Envelope stray = Envelope.responseTo(request, Map.of());
        bus.publish(INPUT, stray);
        await().atMost(Duration.ofSeconds(10)).until(() -> !responses.isEmpty());
        assertThat(responses.getFirst().error().code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(responses.getFirst().causationId()).isEqualTo(stray.envelopeId());
    }

    @Test
    void undecodableInputIsAnsweredWithAnErrorAndTheHostKeepsRunning() {
        start();
        bus.publishEncoded(INPUT, "{not json".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(10)).until(() -> responses.size() == 1);
        assertThat(responses.getFirst().error().code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(responses.getFirst().correlationId()).isNotNull();
        Envelope response = send(request("echo", "local.echo", Map.of("still", "alive")));
        assertThat(response.success()).isTrue();
    }

    @Test
    void inFlightWorkIsBoundedByMaxInflightEnvelopes() {
        start(4, Duration.ofSeconds(5), Clock.systemUTC());
        local.holdCalls();
        for (int i = 0; i < 20; i++) {
            bus.publish(INPUT, request("echo", "local.echo", Map.of("i", i)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> local.concurrent.get() == 4);
        assertThat(bus.pending(INPUT)).isPositive();
        local.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> responses.size() == 20);
        assertThat(local.maxConcurrent.get()).isEqualTo(4);
    }

    @Test
    void aSecondHostInTheSameProcessFailsToStart() {
        RuntimeHostProcess first = start();
        RuntimeContract contract = first.contract();
        AtomicInteger closed = new AtomicInteger();
        RuntimeHostProcess second = RuntimeHostProcess.builder(contract, InMemoryEventBus.create(), TestHandlers.registry())
                .log(JsonLog.to(new PrintStream(logs, true, StandardCharsets.UTF_8), JsonLog.Level.INFO))
                .closeOnStop(closed::incrementAndGet).build();
        assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already running").hasMessageContaining("one runtime host per process");
        // What was built for the host that never runs is released, and it counts as stopped.
        assertThat(closed).hasValue(1);
        assertThat(second.state()).isEqualTo(RuntimeHostProcess.State.STOPPED);
        assertThat(first.state()).isEqualTo(RuntimeHostProcess.State.RUNNING);
    }

    @Test
    void aNewHostCanStartOnceTheFirstHasStopped() {
        RuntimeHostProcess first = start();
        first.shutdown();
        RuntimeHostProcess second = start();
        assertThat(second.state()).isEqualTo(RuntimeHostProcess.State.RUNNING);
    }

    @Test
    void shutdownDrainsInFlightWorkAndShutsEveryHandlerDownOnce() {
        RuntimeHostProcess host = start();
        local.holdCalls();
        for (int i = 0; i < 10; i++) {
            bus.publish(INPUT, request("echo", "local.echo", Map.of("i", i)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> local.concurrent.get() == 10);
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(host::shutdown);
        await().atMost(Duration.ofSeconds(5)).until(() -> host.state() == RuntimeHostProcess.State.DRAINING);
        local.release();
        stopping.join();
        assertThat(responses).hasSize(10).allMatch(Envelope::success);
        assertThat(local.shutdowns.get()).isEqualTo(1);
        assertThat(other.shutdowns.get()).isEqualTo(1);
        host.shutdown();
        assertThat(local.shutdowns.get()).isEqualTo(1);
        assertThat(host.state()).isEqualTo(RuntimeHostProcess.State.STOPPED);
    }

    @Test
    void workUnfinishedWhenTheGracePeriodRunsOutIsAnsweredOnceWithServiceUnavailable() {
        RuntimeHostProcess host = start(64, Duration.ofMillis(300), Clock.systemUTC());
        local.holdCalls();
        for (int i = 0; i < 3; i++) {
            bus.publish(INPUT, request("echo", "local.echo", Map.of("i", i)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> local.concurrent.get() == 3);
        host.shutdown();
        assertThat(responses).hasSize(3);
        assertThat(responses).allMatch(r -> r.error().code() == ErrorCode.SERVICE_UNAVAILABLE);
        local.release();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> responses.size() == 3);
    }
}
