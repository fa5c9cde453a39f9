package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.ContractValidationException;
import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeMeter;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.host.api.HostObserver;
import io.onex.host.api.OnexException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding API end to end: {@link OnexHost#start} loads a runtime contract from disk with
 * the variables it is given, runs the whole host in this process (intake, routing, the local
 * handler, the response) on the in-memory bus, and {@link RunningHost#close} drains and stops it.
 */
class RunningHostTest {

    private static final HandlerType LOCAL = HandlerType.of("local");
    private static final Duration LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** A dev host of node {@code echo} on two local bindings; {@code shout}'s transform is {@code ${CASE}}. */
    private Path contract() {
        HostFixture.writeNode(dir, "echo", "local", "local.echo", "local.error");
        HostFixture.writeNode(dir, "shouter", "shout", "local.transform");
        return Launcher.write(dir, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: embedded
                  version: "1.0.0"
                  environment: dev
                  event_bus:
                    kind: inmemory
                  handlers:
                    - type: local
                    - type: local
                      name: shout
                      config: { transform: "${CASE}" }
                  nodes_dir: nodes
                  shutdown: { grace_seconds: 5 }
                """);
    }

    private static Envelope echo(Map<String, Object> payload) {
        return Envelope.request("echo", LOCAL, "local.echo", payload);
    }

    @Test
    void startsAHostFromAContractAnswersRequestsAndStopsOnClose() {
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        RunningHost host = OnexHost.builder().build().start(contract(), Map.of("CASE", "reverse"),
                StartOptions.defaults().dev().log(logs, System.Logger.Level.DEBUG));
        try {
            assertThat(host.state()).isEqualTo("running");
            assertThat(host.contract().name()).isEqualTo("embedded");

            Envelope request = echo(Map.of("n", 1));
            Envelope response = host.call(request, LIMIT);
            assertThat(response.isResponse()).isTrue();
            assertThat(response.success()).as("%s", response.error()).isTrue();
            assertThat(response.causationId()).isEqualTo(request.envelopeId());
            assertThat(response.payload()).isEqualTo(Map.of("n", 1));

            // The placeholder came from the variables: the shout binding reverses strings.
            Envelope reversed = host.call(Envelope.request("shouter", LOCAL, "local.transform",
                    Map.of("word", "abc")), LIMIT);
            assertThat(reversed.payload()).isEqualTo(Map.of("word", "cba"));

            // An error is an answer too: an error envelope with its code.
            Envelope refused = host.call(Envelope.request("echo", LOCAL, "local.transform", Map.of()), LIMIT);
            assertThat(refused.success()).isFalse();
            assertThat(refused.error().code()).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
            assertThat(logs.toString(StandardCharsets.UTF_8)).contains("envelope accepted");

            // The status view: the document /health/handlers serves.
            Map<String, Object> status = host.status();
            assertThat(status).containsEntry("state", "running");
            Map<?, ?> local = ((List<?>) status.get("bindings")).stream().map(Map.class::cast)
                    .filter(binding -> binding.get("name").equals("local")).findFirst().orElseThrow();
            assertThat(local.get("healthy")).isEqualTo(true);
            assertThat((Long) local.get("calls")).isEqualTo(1L);
            assertThat(((List<?>) status.get("nodes")).stream().map(Map.class::cast).map(node -> node.get("node")))
                    .containsExactlyInAnyOrder("echo", "shouter");
        } finally {
            host.close();
        }
        assertThat(host.state()).isEqualTo("stopped");
        host.close();
        assertThat(host.state()).isEqualTo("stopped");
    }

    @Test
    void publishedRequestsAreEachAnsweredOnceToTheSubscribers() {
        Map<UUID, Envelope> answers = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        List<Envelope> requests = new ArrayList<>();
        try (RunningHost host = OnexHost.builder().build().start(contract(), Map.of("CASE", "uppercase"),
                StartOptions.defaults().dev().log(new ByteArrayOutputStream(), System.Logger.Level.WARNING))) {
            host.subscribe(response -> {
                if (answers.put(response.causationId(), response) != null) {
                    duplicates.incrementAndGet();
                }
            });
            for (int i = 0; i < 500; i++) {
                Envelope request = echo(Map.of("i", i));
                requests.add(request);
                host.publish(request);
            }
            await().atMost(LIMIT).until(() -> answers.size() == requests.size());
        }
        for (Envelope request : requests) {
            assertThat(answers.get(request.envelopeId()).payload()).isEqualTo(request.payload());
        }
        assertThat(duplicates).hasValue(0);
    }

    @Test
    void anObserverTimesEveryHandlerCallOfItsBinding() {
        AtomicLong calls = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        Set<String> failed = ConcurrentHashMap.newKeySet();
        HostObserver observer = (node, binding, type) -> !binding.equals("local") ? EnvelopeMeter.NONE
                : new EnvelopeMeter() {
                    @Override
                    public void answered() {
                        answered.incrementAndGet();
                    }

                    @Override
                    public void failed(ErrorCode code) {
                        failed.add(code.name());
                    }

                    @Override
                    public void executed(long nanos) {
                        assertThat(nanos).isNotNegative();
                        calls.incrementAndGet();
                    }
                };
        try (RunningHost host = OnexHost.builder().build().start(contract(), Map.of("CASE", "uppercase"),
                StartOptions.defaults().dev().observer(observer).log(new ByteArrayOutputStream(),
                        System.Logger.Level.OFF))) {
            for (int i = 0; i < 10; i++) {
                host.call(echo(Map.of("i", i)), LIMIT);
            }
            host.call(Envelope.request("echo", LOCAL, "local.error", Map.of("code", "RATE_LIMITED")), LIMIT);
        }
        assertThat(calls).hasValue(11);
        assertThat(answered).hasValue(10);
        assertThat(failed).containsExactly("RATE_LIMITED");
    }

    @Test
    void theDefaultsRefuseTheDevelopmentHandlerAsRunDoes() {
        Path contract = contract();
        OnexHost onex = OnexHost.builder().build();
        StartOptions quiet = StartOptions.defaults().log(new ByteArrayOutputStream(), System.Logger.Level.OFF);

        assertThatThrownBy(() -> onex.start(contract, Map.of("CASE", "uppercase"), quiet))
                .isInstanceOf(OnexException.class)
                .hasMessageContaining("binding 'local' uses the local handler, which is for development");
    }

    @Test
    void aBadContractIsRefusedWithFileAndLineAndTheNextHostStarts() {
        Path contract = contract();
        OnexHost onex = OnexHost.builder().build();
        StartOptions dev = StartOptions.defaults().dev().log(new ByteArrayOutputStream(), System.Logger.Level.OFF);

        // ${CASE} not given: the contract names the variable and where it is used.
        assertThatThrownBy(() -> onex.start(contract, Map.of(), dev))
                .isInstanceOf(ContractValidationException.class)
                .hasMessageContaining("runtime.yaml:")
                .hasMessageContaining("CASE");
        try (RunningHost host = onex.start(contract, Map.of("CASE", "lowercase"), dev)) {
            assertThatThrownBy(() -> onex.start(contract, Map.of("CASE", "lowercase"), dev))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("a runtime host is already running in this process");
            assertThat(host.call(echo(Map.of("still", "here")), LIMIT).success()).isTrue();
        }
    }

    @Test
    void aDevelopmentStartIsRefusedWhereTheVariablesSayProd() {
        Path contract = contract();

        assertThatThrownBy(() -> OnexHost.builder().build().start(contract,
                Map.of("CASE", "lowercase", "ENVIRONMENT", "prod"), StartOptions.defaults().dev()))
                .isInstanceOf(OnexException.class)
                .hasMessageContaining("refuses to run where ENVIRONMENT=prod");
    }

    @Test
    void aMalformedFactoryIsRefusedBeforeAnythingStarts() {
        OnexHost onex = OnexHost.builder().node("Not A Name", () -> (request, context) -> Map.of()).build();

        assertThatThrownBy(() -> onex.start(contract(), Map.of("CASE", "lowercase"), StartOptions.defaults().dev()))
                .isInstanceOf(OnexException.class)
                .hasMessageContaining("node code registered as 'Not A Name'");
    }
}
