package io.onex.wiring;

import io.onex.wiring.core.internal.Wiring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.contract.ContractLoader;
import io.onex.contract.LoadOptions;
import io.onex.contract.ValueResolver;
import io.onex.host.api.Envelope;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.host.api.Inbound;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.core.log.JsonLog;
import io.onex.host.core.resilience.BindingGuardStats;
import io.onex.host.core.resilience.BreakerState;
import io.onex.host.core.runtime.RuntimeHostProcess;
import io.onex.testkit.PostgresFixture;
import io.onex.testkit.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resilience guard against a real PostgreSQL that goes away and comes back: the db handler of
 * a host assembled by {@link Wiring} from a YAML contract retries connection failures within its
 * budget, its breaker opens while the database is down, and the host recovers by itself once the
 * database is back.
 */
class DbResilienceIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Map<UUID, Envelope> responses = new ConcurrentHashMap<>();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private PostgresServer database;
    private RuntimeHostProcess host;
    private RuntimeContract contract;

    @AfterEach
    void stop() {
        if (host != null) {
            host.shutdown();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void theBreakerOpensWhileTheDatabaseIsDownAndClosesOnceItIsBack(@TempDir Path folder) throws Exception {
        database = PostgresFixture.startPrivate();
        Path password = Files.writeString(folder.resolve("password"), database.address().password());
        Files.writeString(folder.resolve("runtime.yaml"), """
                schema_version: "1.0.0"
                runtime:
                  name: db_resilience
                  version: "1.0.0"
                  environment: prod
                  handlers:
                    - type: db
                      name: orders_db
                      timeout_ms: 5000
                      retry_policy: { max_retries: 2, backoff_strategy: fixed, base_delay_ms: 50, jitter: 0 }
                      circuit_breaker: { failure_threshold: 3, window: 3, reset_timeout_ms: 500 }
                      config:
                        url: "%s"
                        username: %s
                        password: { secret_ref: "file:%s" }
                        acquire_timeout_ms: 1000
                  nodes:
                    - contract: orders.yaml
                """.formatted(database.address().r2dbcUrl(), database.address().user(), password));
        Files.writeString(folder.resolve("orders.yaml"), """
                schema_version: "1.0.0"
                name: orders
                node_type: EFFECT
                io_operations:
                  - handler: orders_db
                    operations: [db.query]
                """);
        contract = ContractLoader.create(BuiltIns.registry(), ValueResolver.of(Map.of()), LoadOptions.strict())
                .load(folder.resolve("runtime.yaml")).contract();
        host = BuiltIns.wiring().assemble(contract, Wiring.Mode.RUN,
                JsonLog.to(new PrintStream(logs, true, StandardCharsets.UTF_8), JsonLog.Level.INFO));
        host.bus().subscribe(contract.eventBus().topics().output(), (topic, message, settlement) -> {
            Envelope envelope = ((Inbound.Decoded) message).envelope();
            responses.put(envelope.causationId(), envelope);
        });
        host.start();
        assertThat(send().success()).isTrue();

        database.stop();
        Envelope first = send();
        assertThat(first.error().code()).isEqualTo(ErrorCode.CONNECTION_ERROR);
        assertThat(first.error().retryable()).isTrue();
        assertThat(binding().retries()).as("a connection failure is retried within its budget").isEqualTo(2);
        assertThat(binding().breaker()).contains(BreakerState.OPEN);
        Envelope whileOpen = send();
        assertThat(whileOpen.error().code()).isEqualTo(ErrorCode.CIRCUIT_OPEN);
        assertThat(host.state()).isEqualTo(RuntimeHostProcess.State.RUNNING);

        database.start();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> send().success());
        assertThat(binding().breaker()).contains(BreakerState.CLOSED);
        assertThat(binding().breakerOpenings()).isGreaterThanOrEqualTo(1);
        assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain(database.address().password());
    }

    private BindingGuardStats binding() {
        return host.resilience().binding("orders_db").orElseThrow();
    }

    private Envelope send() {
        Envelope request = Envelope.request("orders", HandlerType.of("db"), "db.query",
                Map.of("sql", "SELECT 1 AS up", "parameters", List.of()));
        host.bus().publish(contract.eventBus().topics().input(), request);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5)).until(() -> responses.containsKey(request.envelopeId()));
        return responses.get(request.envelopeId());
    }
}
