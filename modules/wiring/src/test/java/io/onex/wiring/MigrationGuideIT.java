package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Envelope;
import io.onex.host.core.codec.DecodeResult;
import io.onex.host.core.codec.EnvelopeCodec;
import io.onex.testkit.PostgresAddress;
import io.onex.testkit.PostgresFixture;
import io.onex.testkit.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked example of docs/MIGRATION_GUIDE.md ("Delivery is at least once"), read from the
 * guide itself: its table and its request envelope, delivered twice to two host processes in turn
 * (as after a host killed before it committed), write the order once and answer both times.
 */
class MigrationGuideIT {

    private static final EnvelopeCodec CODEC = EnvelopeCodec.standard();
    private static final Pattern SQL_BLOCK = Pattern.compile("```sql\\n(CREATE TABLE orders .*?)```", Pattern.DOTALL);
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(\\{[^`]*ON CONFLICT[^`]*)```");

    @TempDir
    Path dir;

    @Test
    void theIdempotentInsertOfTheGuideWritesOnceWhenTheRequestIsDeliveredTwice() throws Exception {
        String guide = Files.readString(Launcher.HOME.resolve("docs/MIGRATION_GUIDE.md"));
        String table = match(SQL_BLOCK, guide, "the CREATE TABLE orders block");
        String request = match(JSON_BLOCK, guide, "the request envelope with ON CONFLICT");

        PostgresServer postgres = PostgresFixture.shared();
        String database = "guide_" + UUID.randomUUID().toString().substring(0, 8);
        PostgresAddress address = postgres.createDatabase(database);
        postgres.sql(database, table);
        Launcher.write(dir, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: guide_host
                  version: "1.0.0"
                  environment: staging
                  event_bus:
                    kind: inmemory
                  handlers:
                    - type: db
                      name: orders_db
                      config:
                        url: "${ORDERS_DB_URL}"
                        username: "${ORDERS_DB_USER}"
                        password: { secret_ref: "env:ORDERS_DB_PASSWORD" }
                        acquire_timeout_ms: 15000      # a first login can be slow on a busy machine
                        connect_timeout_ms: 15000
                  nodes_dir: nodes
                """);
        Launcher.write(dir, "nodes/order_store.yaml", """
                schema_version: "1.0.0"
                name: order_store
                node_type: EFFECT
                io_operations:
                  - handler: orders_db
                    operations: [db.execute]
                    targets: [orders]
                """);
        Map<String, String> env = Map.of("ORDERS_DB_URL", address.r2dbcUrl(), "ORDERS_DB_USER", address.user(),
                "ORDERS_DB_PASSWORD", address.password());
        String line = CODEC.encodeToString(decode(request)) + "\n";

        Envelope first = answer(Launcher.run(line, env, "run", dir.resolve("runtime.yaml").toString(), "--stdio"));
        Envelope again = answer(Launcher.run(line, env, "run", dir.resolve("runtime.yaml").toString(), "--stdio"));

        assertThat(first.success()).as("%s", first.error()).isTrue();
        assertThat(first.payload()).containsEntry("row_count", 1);
        assertThat(again.success()).as("%s", again.error()).isTrue();
        assertThat(again.payload()).containsEntry("row_count", 0);
        assertThat(again.correlationId()).isEqualTo(first.correlationId());
        assertThat(postgres.sql(database, "SELECT id, total FROM orders").strip()).isEqualTo("o-1|12.5");
    }

    private static String match(Pattern pattern, String text, String what) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("docs/MIGRATION_GUIDE.md holds %s", what).isTrue();
        return matcher.group(1);
    }

    private static Envelope decode(String json) {
        DecodeResult decoded = CODEC.decode(json);
        assertThat(decoded).as(json).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) decoded).envelope();
    }

    private static Envelope answer(Launcher.Result result) {
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdoutLines()).as(result.stderr()).hasSize(1);
        return decode(result.stdoutLines().getFirst());
    }
}
