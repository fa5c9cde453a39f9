package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.Envelope;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.testkit.PostgresFixture;
import io.onex.testkit.PostgresServer;
import java.io.ByteArrayOutputStream;
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
 * a host started through {@link OnexHost#start} from a YAML contract retries connection failures within its
 * budget, its breaker opens while the database is down, and the host recovers by itself once the
 * database is back.
 */
class DbResilienceIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Map<UUID, Envelope> responses = new ConcurrentHashMap<>();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private PostgresServer database;
    private RunningHost host;

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
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
                      # Open long enough that the test surely finds it open on a loaded machine.
                      circuit_breaker: { failure_threshold: 3, window: 3, reset_timeout_ms: 5000 }
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
        host = OnexHost.builder().build().start(folder.resolve("runtime.yaml"), Map.of(),
                StartOptions.defaults().log(logs, System.Logger.Level.INFO));
        host.subscribe(envelope -> responses.put(envelope.causationId(), envelope));
        assertThat(send().success()).isTrue();

        database.stop();
        Envelope first = send();
        assertThat(first.error().code()).isEqualTo(ErrorCode.CONNECTION_ERROR);
        assertThat(first.error().retryable()).isTrue();
        // The binding's report is another view than the response: awaited, not assumed updated before it.
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(binding().get("retries")).as("a connection failure is retried within its budget").isEqualTo(2L);
            assertThat(binding().get("breaker")).isEqualTo("open");
        });
        Envelope whileOpen = send();
        assertThat(whileOpen.error().code()).isEqualTo(ErrorCode.CIRCUIT_OPEN);
        assertThat(host.state()).isEqualTo("running");

        database.start();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> send().success());
        // The breaker's state is reported on its own: awaited, not assumed to follow the success at once.
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> "closed".equals(binding().get("breaker")));
        assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain(database.address().password());
    }

    /** Returns what the orders_db binding's guard has seen, as the host's status view reports it. */
    private Map<?, ?> binding() {
        return ((List<?>) host.status().get("bindings")).stream().map(Map.class::cast)
                .filter(binding -> binding.get("name").equals("orders_db")).findFirst().orElseThrow();
    }

    private Envelope send() {
        Envelope request = Envelope.request("orders", HandlerType.of("db"), "db.query",
                Map.of("sql", "SELECT 1 AS up", "parameters", List.of()));
        host.publish(request);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5)).until(() -> responses.containsKey(request.envelopeId()));
        return responses.get(request.envelopeId());
    }
}
