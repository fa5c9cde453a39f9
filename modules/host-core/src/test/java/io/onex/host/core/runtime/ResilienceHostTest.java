package io.onex.host.core.runtime;

import io.onex.host.core.TestHandlers;
import static io.onex.host.core.runtime.TestContracts.INPUT;
import static io.onex.host.core.runtime.TestContracts.OUTPUT;
import static io.onex.host.core.runtime.TestContracts.io;
import static io.onex.host.core.runtime.TestContracts.limited;
import static io.onex.host.core.runtime.TestContracts.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.ConnectionException;
import io.onex.host.api.Envelope;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.host.api.Inbound;
import io.onex.host.api.Invocation;
import io.onex.host.api.ServiceUnavailableException;
import io.onex.host.api.contract.BackoffStrategy;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.HostedNode;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.core.bus.InMemoryEventBus;
import io.onex.host.core.log.JsonLog;
import io.onex.host.core.resilience.BreakerState;
import io.onex.host.core.resilience.Policies;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The resilience guard as the host applies it: envelopes in, one response each out. */
class ResilienceHostTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final ScriptedHandler handler = new ScriptedHandler(HandlerType.of("local"));
    private final Map<UUID, Envelope> responses = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private RuntimeHostProcess host;
    private InMemoryEventBus bus;

    @AfterEach
    void stop() {
        release.countDown();
        if (host != null) {
            host.shutdown();
        }
    }

    private RuntimeHostProcess start(HandlerBinding binding, int maxInflight, HostedNode... nodes) {
        RuntimeContract contract = TestContracts.runtime(List.of(binding), List.of(nodes), maxInflight,
                Duration.ofSeconds(5));
        bus = InMemoryEventBus.create();
        bus.subscribe(OUTPUT, (topic, message, settlement) -> {
            Envelope response = ((Inbound.Decoded) message).envelope();
            responses.put(response.causationId(), response);
        });
        host = RuntimeHostProcess.builder(contract, bus, TestHandlers.registry()).handler(binding, handler)
                .log(JsonLog.to(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        JsonLog.Level.ERROR))
                .build();
        host.start();
        return host;
    }

    private RuntimeHostProcess start(Policies policies) {
        return start(policies.binding("dep"), 64, node("orders", List.of(), io("dep", "local.echo")));
    }

    private static Envelope request(String node) {
        return Envelope.request(node, HandlerType.of("local"), "local.echo", Map.of("n", 1));
    }

    private Envelope send(Envelope request) {
        bus.publish(INPUT, request);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5))
                .until(() -> responses.containsKey(request.envelopeId()));
        return responses.get(request.envelopeId());
    }

    private Envelope send() {
        return send(request("orders"));
    }

    private static Optional<ErrorCode> code(Envelope response) {
        return Optional.ofNullable(response.error()).map(error -> error.code());
    }

    private void behave(Function<Invocation, Map<String, Object>> behaviour) {
        handler.behaviour = behaviour;
    }

    private void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void retryableFailuresAreRetriedAndTheEnvelopeSucceeds() {
        start(Policies.none().retry(3, BackoffStrategy.FIXED, 10, 10, 0));
        AtomicInteger attempts = new AtomicInteger();
        behave(invocation -> {
            if (attempts.incrementAndGet() <= 2) {
                throw new ServiceUnavailableException("warming up");
            }
            return invocation.payload();
        });
        Envelope response = send();
        assertThat(response.success()).isTrue();
        assertThat(handler.invocations).hasSize(3);
        assertThat(host.resilience().binding("dep").orElseThrow().retries()).isEqualTo(2);
    }

    @Test
    void retriesWaitTheConfiguredExponentialBackoffAsTheDependencySeesIt() {
        start(Policies.none().retry(3, BackoffStrategy.EXPONENTIAL, 50, 1_000, 0));
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        behave(invocation -> {
            arrivals.add(System.nanoTime());
            throw new ConnectionException("connection refused");
        });
        assertThat(code(send())).contains(ErrorCode.CONNECTION_ERROR);
        assertThat(arrivals).hasSize(4);
        // The dependency's own log of arrivals: 50, 100 and 200 ms apart at least.
        for (int i = 1; i < 4; i++) {
            long gapMillis = TimeUnit.NANOSECONDS.toMillis(arrivals.get(i) - arrivals.get(i - 1));
            long expected = 50L << (i - 1);
            assertThat(gapMillis).as("wait before retry %d", i).isBetween(expected, expected + 2_000);
        }
        assertThat(host.resilience().binding("dep").orElseThrow().retries()).isEqualTo(3);
    }

    @Test
    void theBreakerTripsAtTheThresholdAndRecoversByItselfOnceTheDependencyHeals() {
        // Open for 3 s: long enough that the next request surely finds it open on a loaded machine.
        start(Policies.none().breaker(3, 10, 3_000, 1));
        behave(invocation -> {
            throw new ConnectionException("connection refused");
        });
        for (int i = 0; i < 3; i++) {
            assertThat(code(send())).contains(ErrorCode.CONNECTION_ERROR);
        }
        Envelope rejected = send();
        assertThat(code(rejected)).contains(ErrorCode.CIRCUIT_OPEN);
        assertThat(handler.invocations).as("the open breaker did not touch the dependency").hasSize(3);
        assertThat(host.resilience().binding("dep").orElseThrow().breaker()).contains(BreakerState.OPEN);

        behave(Invocation::payload);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> send().success());
        await().atMost(PATIENCE).until(() -> host.resilience().binding("dep").orElseThrow().breaker()
                .equals(Optional.of(BreakerState.CLOSED)));
        assertThat(host.resilience().binding("dep").orElseThrow().breakerOpenings()).isEqualTo(1);
    }

    @Test
    void aHangingCallIsAnsweredTimeout() {
        start(Policies.none().timeoutMillis(100));
        behave(invocation -> {
            awaitRelease();
            return invocation.payload();
        });
        assertThat(code(send())).contains(ErrorCode.TIMEOUT);
    }

    @Test
    void aFullBulkheadAnswersOverloadedAtOnceAndLosesNothing() {
        start(Policies.none().bulkhead(1, 0));
        behave(invocation -> {
            awaitRelease();
            return invocation.payload();
        });
        Envelope held = request("orders");
        bus.publish(INPUT, held);
        await().atMost(PATIENCE).until(() -> handler.invocations.size() == 1);
        assertThat(code(send())).contains(ErrorCode.OVERLOADED);
        release.countDown();
        await().atMost(PATIENCE).until(() -> responses.containsKey(held.envelopeId()));
        assertThat(responses.get(held.envelopeId()).success()).isTrue();
        assertThat(responses).hasSize(2);
    }

    @Test
    void envelopesBeyondTheBindingsRateAreAnsweredRateLimited() {
        start(Policies.none().rate(0.1));
        assertThat(send().success()).isTrue();
        assertThat(code(send())).contains(ErrorCode.RATE_LIMITED);
        assertThat(handler.invocations).hasSize(1);
        assertThat(host.resilience().binding("dep").orElseThrow().rateLimitedRejections()).isEqualTo(1);
    }

    @Test
    void envelopesBeyondTheNodesRateAreAnsweredRateLimited() {
        start(Policies.none().binding("dep"), 64, limited("metered",
                new HostedNode.Limits(OptionalInt.empty(), OptionalDouble.of(0.1)), List.of(),
                io("dep", "local.echo")));
        assertThat(send(request("metered")).success()).isTrue();
        assertThat(code(send(request("metered")))).contains(ErrorCode.RATE_LIMITED);
        assertThat(host.resilience().node("metered").orElseThrow().rateLimitedRejections()).isEqualTo(1);
    }

    @Test
    void aFloodedNodeCannotStarveAnotherNode() {
        int flood = 200;
        int queue = 16;
        start(Policies.none().binding("dep"), 16,
                limited("noisy", new HostedNode.Limits(OptionalInt.of(2), OptionalDouble.empty(), queue), List.of(),
                        io("dep", "local.echo")),
                node("quiet", List.of(), io("dep", "local.echo")));
        behave(invocation -> {
            if (invocation.node().equals("noisy")) {
                awaitRelease();
            }
            return invocation.payload();
        });
        List<Envelope> noisy = new ArrayList<>();
        for (int i = 0; i < flood; i++) {
            Envelope request = request("noisy");
            noisy.add(request);
            bus.publish(INPUT, request);
        }
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            assertThat(send(request("quiet")).success()).isTrue();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the quiet node answered promptly")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(host.resilience().node("noisy").orElseThrow().inFlight()).isEqualTo(2);
        await().atMost(PATIENCE).until(() -> responses.size() == flood - 2 - queue + 20);
        assertThat(host.resilience().node("noisy").orElseThrow().waiting()).isEqualTo(queue);
        assertThat(host.inFlight()).as("waiting envelopes hold no in-flight slot of the host").isEqualTo(2);
        assertThat(noisy.stream().map(r -> responses.get(r.envelopeId())).filter(r -> r != null).map(r -> code(r)))
                .hasSize(flood - 2 - queue).allMatch(code -> code.equals(Optional.of(ErrorCode.OVERLOADED)));
        release.countDown();
        await().atMost(PATIENCE).until(() -> responses.size() == flood + 20);
        assertThat(noisy.stream().map(r -> responses.get(r.envelopeId())).filter(Envelope::success))
                .as("the two running and the queued ones").hasSize(2 + queue);
        assertThat(host.resilience().node("noisy").orElseThrow().overloadedRejections()).isEqualTo(flood - 2 - queue);
        assertThat(host.resilience().node("noisy").orElseThrow().inFlight()).isZero();
        assertThat(host.inFlight()).isZero();
    }

    @Test
    void anEnvelopeWhoseTimeToLiveEndsWhileItWaitsForItsNodeIsAnsweredExpired() {
        start(Policies.none().binding("dep"), 16,
                limited("narrow", new HostedNode.Limits(OptionalInt.of(1), OptionalDouble.empty(), 4), List.of(),
                        io("dep", "local.echo")));
        behave(invocation -> {
            awaitRelease();
            return invocation.payload();
        });
        Envelope held = request("narrow");
        bus.publish(INPUT, held);
        await().atMost(PATIENCE).until(() -> host.resilience().node("narrow").orElseThrow().inFlight() == 1);

        Envelope late = send(request("narrow").withTtlSeconds(1));

        assertThat(code(late)).contains(ErrorCode.EXPIRED);
        assertThat(late.error().message()).contains("while it waited for a place of node 'narrow'");
        assertThat(host.resilience().node("narrow").orElseThrow().waiting()).isZero();
        release.countDown();
        await().atMost(PATIENCE).until(() -> responses.containsKey(held.envelopeId()));
        assertThat(responses.get(held.envelopeId()).success()).isTrue();
    }

    @Test
    void aWaitForTheNodeEndsAfterTheBindingsTimeout() {
        start(Policies.none().timeoutMillis(300).binding("dep"), 16,
                limited("narrow", new HostedNode.Limits(OptionalInt.of(1), OptionalDouble.empty(), 4), List.of(),
                        io("dep", "local.echo")));
        CountDownLatch first = new CountDownLatch(1);
        behave(invocation -> {
            if (first.getCount() > 0) {
                first.countDown();
                // Holds the node's one place past the binding's timeout, which interrupts it.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (release.getCount() > 0 && System.nanoTime() < deadline) {
                    try {
                        release.await(10, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        // keep holding
                    }
                }
            }
            return invocation.payload();
        });
        bus.publish(INPUT, request("narrow"));
        await().atMost(PATIENCE).until(() -> first.getCount() == 0);

        Envelope waited = send(request("narrow"));

        assertThat(code(waited)).contains(ErrorCode.TIMEOUT);
        assertThat(waited.error().message()).contains("waited 300 ms for a place of node 'narrow'");
    }
}
