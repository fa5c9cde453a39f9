package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Envelope;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.testkit.HttpReply;
import io.onex.testkit.PostgresAddress;
import io.onex.testkit.PostgresFixture;
import io.onex.testkit.PostgresServer;
import io.onex.testkit.TestHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text with an unpaired surrogate has no UTF-8 form: the PostgreSQL driver and the HTTP client
 * would send {@code ?} in its place and change the data without a word. On the wire such text can
 * only be an escape ({@code "\\ud800"} alone); the host refuses it where it decodes the envelope,
 * so no handler (a local echo node's too) ever sees it: through the packaged host, each such
 * envelope is answered with ENVELOPE_VALIDATION_ERROR naming the field as a JSON pointer, nothing
 * is written or sent, and a surrogate pair goes through unchanged. Text that is not decoded from
 * JSON (an envelope published in-process, through the embedding API) meets the db and http
 * handlers' own checks, which refuse it the same way. (A header value never could: the JDK
 * client refuses it.)
 */
class UnpairedSurrogateIT {

    private static final String DATABASE = "surrogates";

    @TempDir
    Path dir;

    @Test
    void anEnvelopeWithAnUnpairedSurrogateEscapeIsRefusedAtDecodingAndAPairGoesThrough() throws Exception {
        PostgresServer server = PostgresFixture.shared();
        PostgresAddress database = server.createDatabase(DATABASE);
        server.sql(DATABASE, "CREATE TABLE notes (body text NOT NULL)");
        try (TestHttpServer api = TestHttpServer.start()) {
            api.answerOtherwise(HttpReply.text(200, "ok"));
            Path runtime = contract(database, "wire", true);
            String url = api.url("/notes");
            Map<String, String> refused = new LinkedHashMap<>();
            refused.put(db("db.execute", "INSERT INTO notes VALUES ($1)", "[\"a\\ud800b\"]"),
                    "the string at /payload/parameters/0 holds the escape \\ud800");
            refused.put(db("db.execute", "INSERT INTO notes VALUES ('x\\udc00')", "[]"), "/payload/sql");
            refused.put(http("http.post", "{\"url\":\"" + url + "\",\"body\":\"x\\udfff\"}"), "/payload/body");
            refused.put(http("http.get", "{\"url\":\"" + url + "\",\"query\":{\"q\":\"\\ud83d\"}}"), "/payload/query/q");
            refused.put(http("http.post", "{\"url\":\"" + url + "\",\"body\":{\"notes\":[\"ok\",\"\\ud800\"]}}"),
                    "/payload/body/notes/1");
            refused.put(echo("{\"text\":\"\\udbff\\u0041\"}"), "/payload/text holds the escape \\udbff");
            refused.put(echo("{\"k\\udc00\":1}"), "surrogate in field name"); // the JSON parser's own words
            String pair = db("db.execute", "INSERT INTO notes VALUES ($1)", "[\"\\ud83d\\ude00\"]");
            UUID echoedPair = UUID.randomUUID();
            Map<UUID, String> ids = new LinkedHashMap<>();
            StringBuilder input = new StringBuilder();
            for (String envelope : refused.keySet()) {
                UUID id = UUID.randomUUID();
                ids.put(id, envelope);
                input.append(withId(id, envelope)).append('\n');
            }
            input.append(pair).append('\n');
            input.append(withId(echoedPair, echo("{\"text\":\"\\ud83d\\ude00\"}"))).append('\n');

            List<Envelope> answers = HostFixture.envelopes(HostFixture.runStdio(runtime, input.toString(), Map.of()));
            assertThat(answers).hasSize(refused.size() + 2);
            for (Envelope answer : answers) {
                String request = ids.get(answer.causationId());
                if (request == null) {
                    assertThat(answer.success()).as("the pairs go through: %s", answer).isTrue();
                    if (echoedPair.equals(answer.causationId())) {
                        assertThat(answer.payload()).isEqualTo(Map.of("text", "\uD83D\uDE00"));
                    }
                    continue;
                }
                assertThat(answer.success()).as(request).isFalse();
                assertThat(answer.error().code()).as(request).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
                assertThat(answer.error().message()).as(request)
                        .contains("input is not valid JSON: ", "surrogate", refused.get(request));
            }
            assertThat(server.sql(DATABASE, "SELECT body FROM notes").strip()).isEqualTo("\uD83D\uDE00");
            assertThat(api.requests()).as("nothing was sent").isEmpty();
        }
    }

    @Test
    void textPublishedInProcessMeetsTheHandlersOwnChecks() throws Exception {
        PostgresServer server = PostgresFixture.shared();
        PostgresAddress database = server.createDatabase(DATABASE + "_api");
        server.sql(DATABASE + "_api", "CREATE TABLE notes (body text NOT NULL)");
        try (TestHttpServer api = TestHttpServer.start()) {
            api.answerOtherwise(HttpReply.text(200, "ok"));
            Path runtime = contract(database, "api", false);
            Map<Envelope, String> refused = new LinkedHashMap<>();
            refused.put(request("db", "db.execute", Map.of("sql", "INSERT INTO notes VALUES ($1)",
                    "parameters", List.of("a\uD800b"))), "parameter $1");
            refused.put(request("db", "db.execute", Map.of("sql", "INSERT INTO notes VALUES ('x\uDC00')",
                    "parameters", List.of())), ".sql");
            refused.put(request("http", "http.post", Map.of("url", api.url("/notes"), "body", "x\uDFFF")),
                    "payload.body");
            try (RunningHost host = OnexHost.builder().build().start(runtime, Map.of(), StartOptions.defaults())) {
                for (Map.Entry<Envelope, String> entry : refused.entrySet()) {
                    Envelope answer = host.call(entry.getKey(), Duration.ofSeconds(60));
                    assertThat(answer.success()).as(entry.getValue()).isFalse();
                    assertThat(answer.error().code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
                    assertThat(answer.error().message()).contains("unpaired surrogate", entry.getValue());
                }
            }
            assertThat(server.sql(DATABASE + "_api", "SELECT count(*) FROM notes").strip()).isEqualTo("0");
            assertThat(api.requests()).as("nothing was sent").isEmpty();
        }
    }

    /** A contract with the db and http bindings and node notes, and with {@code echo} the local one and node echo. */
    private Path contract(PostgresAddress database, String name, boolean echo) throws Exception {
        Path password = Files.writeString(dir.resolve(name + "-db-password"), database.password());
        Launcher.write(dir, name + "/nodes/notes.yaml", """
                schema_version: "1.0.0"
                name: notes
                node_type: EFFECT
                io_operations:
                  - handler: db
                    operations: [db.query, db.execute]
                  - handler: http
                    operations: [http.get, http.post]
                """);
        if (echo) {
            HostFixture.writeEchoNode(dir.resolve(name));
        }
        return Launcher.write(dir, name + "/runtime.yaml", """
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
                %s  nodes_dir: nodes
                """.formatted(database.r2dbcUrl(), database.user(), password, echo ? "    - type: local\n" : ""));
    }

    private static Envelope request(String type, String operation, Map<String, Object> payload) {
        return Envelope.request("notes", HandlerType.of(type), operation, payload);
    }

    private static String withId(UUID id, String envelope) {
        return "{\"envelope_id\":\"" + id + "\"," + envelope.substring(1);
    }

    private static String db(String operation, String sql, String params) {
        return "{\"target_node\":\"notes\",\"handler_type\":\"db\",\"operation\":\"" + operation + "\","
                + "\"payload\":{\"sql\":\"" + sql + "\",\"parameters\":" + params + "}}";
    }

    private static String http(String operation, String payload) {
        return "{\"target_node\":\"notes\",\"handler_type\":\"http\",\"operation\":\"" + operation + "\","
                + "\"payload\":" + payload + "}";
    }

    private static String echo(String payload) {
        return "{\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\",\"payload\":"
                + payload + "}";
    }
}
