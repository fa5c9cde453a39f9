package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Envelope;
import io.onex.host.api.NodeCode;
import io.onex.host.api.NodeContext;
import io.onex.host.api.ServiceUnavailableException;
import io.onex.testkit.PostgresAddress;
import io.onex.testkit.PostgresFixture;
import io.onex.testkit.PostgresServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REDUCER pattern of docs/NODES.md against a real PostgreSQL: a node folds events into a
 * balance it keeps through its db binding, with optimistic versioning, and a redelivered event
 * (here: the same event sent to a new host process, as after a restart) changes nothing.
 */
class ReducerNodeHostTest {

    private static final String DATABASE = "reducer_node";

    @TempDir
    static Path dir;

    private static PostgresServer postgres;
    private static PostgresAddress address;

    /** Folds one event into its account's balance, once. */
    static final class Ledger implements NodeCode {
        @Override
        public Map<String, Object> handle(Envelope request, NodeContext context) {
            Map<String, Object> payload = request.payload();
            String account = payload.get("account").toString();
            String event = payload.get("event_id").toString();
            BigDecimal amount = new BigDecimal(payload.get("amount").toString());
            List<?> rows = (List<?>) context.call("ledger_db", "db.query", Map.of(
                    "sql", "SELECT balance::text AS balance, version, last_event FROM balances WHERE account = $1",
                    "parameters", List.of(account))).get("rows");
            Map<?, ?> row = (Map<?, ?>) rows.getFirst();
            if (event.equals(row.get("last_event"))) {
                return Map.of("balance", row.get("balance"), "applied", false);
            }
            BigDecimal next = new BigDecimal(row.get("balance").toString()).add(amount);
            Map<String, Object> written = context.call("ledger_db", "db.execute", Map.of(
                    "sql", "UPDATE balances SET balance = $1::numeric, version = version + 1, last_event = $2"
                            + " WHERE account = $3 AND version = $4",
                    "parameters", List.of(next.toPlainString(), event, account, row.get("version"))));
            if (((Number) written.get("row_count")).intValue() == 0) {
                throw new ServiceUnavailableException("the balance of " + account + " changed meanwhile; retry");
            }
            return Map.of("balance", next.toPlainString(), "applied", true);
        }
    }

    /** The composed host of this test, as an application's {@code main} would run it. */
    public static void main(String[] args) {
        System.exit(OnexHost.builder().node("ledger", Ledger::new).build().cli(args));
    }

    @BeforeAll
    static void startDatabaseAndWriteContracts() throws IOException {
        postgres = PostgresFixture.shared();
        address = postgres.createDatabase(DATABASE);
        postgres.sql(DATABASE, "CREATE TABLE balances (account text PRIMARY KEY, balance numeric NOT NULL,"
                + " version bigint NOT NULL, last_event text); INSERT INTO balances VALUES ('acc-1', 0, 0, NULL)");
        Files.createDirectories(dir.resolve("nodes"));
        Files.writeString(dir.resolve("runtime.yaml"), """
                schema_version: "1.0.0"
                runtime:
                  name: ledger_host
                  version: "1.0.0"
                  environment: dev
                  event_bus: { kind: inmemory }
                  handlers:
                    - type: db
                      name: ledger_db
                      config:
                        url: "%s"
                        username: "%s"
                        password: { secret_ref: "env:LEDGER_DB_PASSWORD" }
                        acquire_timeout_ms: 20000   # a first login can be slow on a busy machine; not what this tests
                  nodes:
                    - contract: nodes/ledger.yaml
                """.formatted(address.r2dbcUrl(), address.user()));
        Files.writeString(dir.resolve("nodes/ledger.yaml"), """
                schema_version: "1.0.0"
                name: ledger
                node_type: REDUCER
                implementation: code
                operations:
                  - name: apply
                    required: [account, event_id, amount]
                io_operations:
                  - handler: ledger_db
                    operations: [db.query, db.execute]
                    targets: [balances]
                """);
    }

    private static String fold(String event, String amount) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ReducerNodeHostTest.class.getName(),
                "dev", dir.resolve("runtime.yaml").toString(), "--stdio");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().remove("ENVIRONMENT");
        builder.environment().put("LEDGER_DB_PASSWORD", address.password());
        try (Launcher.Running running = new Launcher.Running(builder.start())) {
            try (OutputStream in = running.process.getOutputStream()) {
                in.write(("{\"target_node\":\"ledger\",\"handler_type\":\"node\",\"operation\":\"ledger.apply\","
                        + "\"payload\":{\"account\":\"acc-1\",\"event_id\":\"" + event + "\",\"amount\":\"" + amount
                        + "\"}}\n").getBytes(StandardCharsets.UTF_8));
            }
            Launcher.Result result = running.await(Duration.ofSeconds(120));
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            return result.stdout();
        }
    }

    @Test
    void eventsAreFoldedOnceEvenWhenOneIsDeliveredAgain() throws Exception {
        assertThat(fold("e-1", "10")).contains("\"success\":true", "\"balance\":\"10\"", "\"applied\":true");
        assertThat(fold("e-2", "5")).contains("\"success\":true", "\"balance\":\"15\"", "\"applied\":true");
        assertThat(fold("e-2", "5")).contains("\"success\":true", "\"balance\":\"15\"", "\"applied\":false");

        assertThat(postgres.sql(DATABASE, "SELECT balance || '/' || version FROM balances WHERE account = 'acc-1'"))
                .contains("15/2");
    }
}
