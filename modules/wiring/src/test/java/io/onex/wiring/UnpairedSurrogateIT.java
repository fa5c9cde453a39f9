package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Envelope;
import io.onex.host.api.ErrorCode;
import io.onex.testkit.HttpReply;
import io.onex.testkit.PostgresAddress;
import io.onex.testkit.PostgresFixture;
import io.onex.testkit.PostgresServer;
import io.onex.testkit.TestHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The envelope format keeps an escaped lone surrogate ({@code "\\ud800"}) as it is, but text that
 * leaves the host as UTF-8 (an SQL text or parameter, an HTTP URL, query or body)
 * cannot carry one: the PostgreSQL driver and the HTTP client would send {@code ?} in its place
 * and change the data without a word. Through the packaged host, each such envelope is refused
 * with ENVELOPE_VALIDATION_ERROR naming the field, nothing is written or sent, and a surrogate
 * pair goes through unchanged. (A header value never could: the JDK client refuses it.)
 */
class UnpairedSurrogateIT {

    private static final String DATABASE = "surrogates";

    @TempDir
    Path dir;

    @Test
    void textWithAnUnpairedSurrogateNeverLeavesTheHostAndAPairDoes() throws Exception {
        PostgresServer server = PostgresFixture.shared();
        PostgresAddress database = server.createDatabase(DATABASE);
        server.sql(DATABASE, "CREATE TABLE notes (body text NOT NULL)");
        Path password = Files.writeString(dir.resolve("db-password"), database.password());
        try (TestHttpServer api = TestHttpServer.start()) {
            api.answerOtherwise(HttpReply.text(200, "ok"));
            Path runtime = Launcher.write(dir, "runtime.yaml", """
                    schema_version: "1.0.0"
                    runtime:
                      name: surrogates
                      version: "1.0.0"
                      environment: dev
                      handlers:
                        - type: db
                          config:
                            url: "%s"
                            username: %s
                            password: { secret_ref: "file:%s" }
                            acquire_timeout_ms: 20000
                        - type: http
                          timeout_ms: 10000
                      nodes_dir: nodes
                    """.formatted(database.r2dbcUrl(), database.user(), password));
            Launcher.write(dir, "nodes/notes.yaml", """
                    schema_version: "1.0.0"
                    name: notes
                    node_type: EFFECT
                    io_operations:
                      - handler: db
                        operations: [db.query, db.execute]
                      - handler: http
                        operations: [http.get, http.post]
                    """);
            String url = api.url("/notes");
            Map<String, String> refused = new LinkedHashMap<>();
            refused.put(db("db.execute", "INSERT INTO notes VALUES ($1)", "[\"a\\ud800b\"]"), "parameter $1");
            refused.put(db("db.execute", "INSERT INTO notes VALUES ('x\\udc00')", "[]"), ".sql");
            refused.put(http("http.post", "{\"url\":\"" + url + "\",\"body\":\"x\\udfff\"}"), "payload.body");
            refused.put(http("http.get", "{\"url\":\"" + url + "\",\"query\":{\"q\":\"\\ud83d\"}}"), "query.q");
            refused.put(http("http.post", "{\"url\":\"" + url + "\",\"body\":{\"notes\":[\"ok\",\"\\ud800\"]}}"),
                    "payload.body holds an unpaired surrogate at /notes/1");
            String pair = db("db.execute", "INSERT INTO notes VALUES ($1)", "[\"\\ud83d\\ude00\"]");
            Map<UUID, String> ids = new LinkedHashMap<>();
            StringBuilder input = new StringBuilder();
            for (String envelope : refused.keySet()) {
                UUID id = UUID.randomUUID();
                ids.put(id, envelope);
                input.append("{\"envelope_id\":\"").append(id).append("\",").append(envelope.substring(1)).append('\n');
            }
            input.append(pair).append('\n');

            Launcher.Result result = Launcher.run(input.toString(), Map.of(), "dev", runtime.toString(), "--stdio");

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            List<Envelope> answers = result.stdoutLines().stream().map(CommandLineIT::decode).toList();
            assertThat(answers).hasSize(refused.size() + 1);
            for (Envelope answer : answers) {
                String request = ids.get(answer.causationId());
                if (request == null) {
                    assertThat(answer.success()).as("the pair is stored: %s", answer).isTrue();
                    continue;
                }
                assertThat(answer.success()).as(request).isFalse();
                assertThat(answer.error().code()).as(request).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
                assertThat(answer.error().message()).as(request).contains("unpaired surrogate", refused.get(request));
            }
            assertThat(server.sql(DATABASE, "SELECT body FROM notes").strip()).isEqualTo("\uD83D\uDE00");
            assertThat(api.requests()).as("nothing was sent").isEmpty();
        }
    }

    private static String db(String operation, String sql, String params) {
        return "{\"target_node\":\"notes\",\"handler_type\":\"db\",\"operation\":\"" + operation + "\","
                + "\"payload\":{\"sql\":\"" + sql + "\",\"parameters\":" + params + "}}";
    }

    private static String http(String operation, String payload) {
        return "{\"target_node\":\"notes\",\"handler_type\":\"http\",\"operation\":\"" + operation + "\","
                + "\"payload\":" + payload + "}";
    }
}
