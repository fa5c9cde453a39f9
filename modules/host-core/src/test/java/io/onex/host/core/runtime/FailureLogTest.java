package io.onex.host.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeMeter;
import io.onex.host.api.HandlerType;
import io.onex.host.api.Invocation;
import io.onex.host.api.NodeNotFoundException;
import io.onex.host.api.contract.LoggingSpec;
import io.onex.host.core.log.JsonLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The warn lines of failed envelopes: their fields, their rate and the count of those left out. */
class FailureLogTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final JsonLog log = JsonLog.to(new PrintStream(out, true, StandardCharsets.UTF_8), JsonLog.Level.INFO);
    private final AtomicLong now = new AtomicLong(5_000_000_000L);

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static Flight failedRouting(Envelope request) {
        return new Flight(new Admission.Accepted(request.withCorrelationId(UUID.randomUUID())), null, null, 0);
    }

    private static Envelope answer(Flight flight) {
        return Envelope.errorFor(flight.request(), new NodeNotFoundException("no node 'ghost' is hosted here")
                .toError(flight.request().handlerType(), flight.request().operation()));
    }

    @Test
    void aLineNamesTheFailureAndTheEnvelopeButNotThePayload() {
        FailureLog failures = new FailureLog(log, LoggingSpec.defaults(), now::get);
        Flight flight = failedRouting(Envelope.request("ghost", HandlerType.of("http"), "http.get",
                Map.of("url", "https://secret-payload.example")).withSourceNode("checkout"));

        failures.failed(flight, answer(flight));

        assertThat(lines()).singleElement().satisfies(line -> {
            assertThat(line).contains("\"level\":\"warn\"", "\"message\":\"envelope failed\"",
                    "\"code\":\"NODE_NOT_FOUND\"", "\"node\":\"ghost\"", "\"operation\":\"http.get\"",
                    "\"envelope_id\":\"" + flight.request().envelopeId() + "\"",
                    "\"correlation_id\":\"" + flight.request().correlationId() + "\"",
                    "\"source_node\":\"checkout\"", "\"reason\":\"no node 'ghost' is hosted here\"");
            assertThat(line).doesNotContain("secret-payload");
        });
    }

    @Test
    void aFailureFromABindingNamesTheBindingAndNotItsMessage() {
        FailureLog failures = new FailureLog(log, LoggingSpec.defaults(), now::get);
        Flight flight = failedRouting(Envelope.request("orders", HandlerType.of("http"), "http.get", Map.of()));
        flight.route = new NodeRuntime.Route(null, null,
                new Invocation(flight.request(), "orders", "orders_api", List.of()), EnvelopeMeter.NONE);
        flight.handed();

        failures.failed(flight, answer(flight));

        assertThat(lines()).singleElement().satisfies(line -> {
            assertThat(line).contains("\"binding\":\"orders_api\"");
            assertThat(line).doesNotContain("reason", "hosted here");
        });
    }

    @Test
    void beyondTheBurstLinesAreCountedAndTheCountIsWrittenOnce() {
        FailureLog failures = new FailureLog(log, new LoggingSpec(1, 3), now::get);
        for (int i = 0; i < 10; i++) {
            Flight flight = failedRouting(Envelope.request("ghost", HandlerType.of("http"), "http.get", Map.of()));
            failures.failed(flight, answer(flight));
        }
        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        for (int i = 0; i < 5; i++) {
            Flight flight = failedRouting(Envelope.request("ghost", HandlerType.of("http"), "http.get", Map.of()));
            failures.failed(flight, answer(flight));
        }
        failures.flush();
        failures.flush();

        List<String> lines = lines();
        assertThat(lines).filteredOn(line -> line.contains("\"envelope failed\"")).hasSize(3 + 2);
        assertThat(lines).filteredOn(line -> line.contains("\"suppressed\"")).singleElement()
                .satisfies(line -> assertThat(line).contains("\"suppressed\":10"));
    }

    @Test
    void aRateOfZeroWritesOnlyTheCount() {
        FailureLog failures = new FailureLog(log, new LoggingSpec(0, 1), now::get);
        Flight flight = failedRouting(Envelope.request("ghost", HandlerType.of("http"), "http.get", Map.of()));
        failures.failed(flight, answer(flight));
        failures.stop();

        assertThat(lines()).singleElement().satisfies(line -> assertThat(line).contains("\"suppressed\":1"));
    }
}
