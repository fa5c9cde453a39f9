package io.onex.host.core.runtime;

import io.onex.host.core.TestHandlers;
import static io.onex.host.core.runtime.TestContracts.INPUT;
import static io.onex.host.core.runtime.TestContracts.OUTPUT;
import static io.onex.host.core.runtime.TestContracts.binding;
import static io.onex.host.core.runtime.TestContracts.io;
import static io.onex.host.core.runtime.TestContracts.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.Envelope;
import io.onex.host.api.HandlerType;
import io.onex.host.api.OnexTimeoutException;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.core.bus.InMemoryEventBus;
import io.onex.host.core.json.Json;
import io.onex.host.core.log.JsonLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The log of one envelope's journey through the host at debug level: every line is one JSON
 * object with the standard fields, and every line carries the envelope's correlation id — on
 * whichever thread it was written.
 */
class EnvelopeLogJourneyTest {

    private final ScriptedHandler local = new ScriptedHandler(HandlerType.of("local"));
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final List<Envelope> responses = new CopyOnWriteArrayList<>();
    private JsonLog log;
    private RuntimeHostProcess host;
    private InMemoryEventBus bus;

    @AfterEach
    void stop() {
        if (host != null) {
            host.shutdown();
        }
    }

    private void start() {
        RuntimeContract contract = TestContracts.runtime(List.of(binding(HandlerType.of("local"), "local")),
                List.of(node("echo", List.of(), io("local", "local.echo"))), 16, Duration.ofSeconds(5));
        bus = InMemoryEventBus.create();
        bus.subscribe(OUTPUT, (topic, message, settlement) -> {
            responses.add(((io.onex.host.api.Inbound.Decoded) message).envelope());
            settlement.complete();
        });
        log = JsonLog.to(new PrintStream(logs, true, StandardCharsets.UTF_8), JsonLog.Level.DEBUG);
        host = RuntimeHostProcess.builder(contract, bus, TestHandlers.registry()).handler(contract.handlers().getFirst(), local).log(log)
                .build();
        host.start();
    }

    /** Sends one envelope and returns the log lines written from its delivery to its response. */
    private List<Map<String, Object>> journeyOf(Envelope request) {
        int before = logs.toString(StandardCharsets.UTF_8).lines().toList().size();
        bus.publish(INPUT, request);
        await().atMost(Duration.ofSeconds(10)).until(() -> responses.size() == 1 && logs.toString(
                StandardCharsets.UTF_8).contains("\"message\":\"response published\""));
        return logs.toString(StandardCharsets.UTF_8).lines().skip(before).map(EnvelopeLogJourneyTest::parse).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String line) {
        return (Map<String, Object>) Json.read(line);
    }

    @Test
    void everyLineOfASuccessfulJourneyCarriesTheCorrelationId() {
        start();
        UUID correlation = UUID.randomUUID();
        // The handler logs on the envelope's worker thread, as a handler's library might.
        local.behaviour = invocation -> {
            log.debug("handler working", "step", 1);
            return invocation.payload();
        };
        Envelope request = Envelope.request("echo", HandlerType.of("local"), "local.echo", Map.of("a", 1))
                .withCorrelationId(correlation);

        List<Map<String, Object>> journey = journeyOf(request);

        assertThat(journey).extracting(line -> line.get("message"))
                .containsExactly("envelope accepted", "handler working", "response published");
        assertThat(journey).allSatisfy(line -> {
            assertThat(line).containsKeys("timestamp", "level", "runtime_id", "message")
                    .containsEntry("node", "echo").containsEntry("handler_type", "local")
                    .containsEntry("envelope_id", request.envelopeId().toString())
                    .containsEntry("correlation_id", correlation.toString());
        });
    }

    @Test
    void everyLineOfAFailingJourneyCarriesTheCorrelationId() {
        start();
        local.behaviour = invocation -> {
            throw new OnexTimeoutException("the dependency did not answer");
        };
        UUID correlation = UUID.randomUUID();

        List<Map<String, Object>> journey = journeyOf(Envelope.request("echo", HandlerType.of("local"), "local.echo",
                Map.of()).withCorrelationId(correlation));

        assertThat(journey).extracting(line -> line.get("message"))
                .containsExactly("envelope accepted", "envelope failed", "response published");
        assertThat(journey).allSatisfy(line -> assertThat(line).containsEntry("correlation_id", correlation.toString()));
    }

    @Test
    void aCorrelationIdTheHostAssignsIsOnEveryLineAndOnTheResponse() {
        start();

        List<Map<String, Object>> journey = journeyOf(Envelope.request("echo", HandlerType.of("local"), "local.echo",
                Map.of()));

        String assigned = responses.getFirst().correlationId().toString();
        assertThat(journey).isNotEmpty()
                .allSatisfy(line -> assertThat(line).containsEntry("correlation_id", assigned));
    }
}
