package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Envelope;
import io.onex.host.core.json.Json;
import io.onex.testkit.HttpReply;
import io.onex.testkit.KafkaBroker;
import io.onex.testkit.KafkaProbe;
import io.onex.testkit.KafkaRecord;
import io.onex.testkit.PostgresAddress;
import io.onex.testkit.PostgresFixture;
import io.onex.testkit.PostgresServer;
import io.onex.testkit.TestHttpServer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The application example of examples/app, end to end, as an application team builds and runs it:
 * {@code examples/app/run.sh} installs the platform into a private Maven repository, builds the
 * application (its nodes' unit tests included, {@code ONEX_EXAMPLE_TESTS=1}) and runs it on the
 * module path. Its {@code pricing} node reads a real PostgreSQL and asks a real HTTP tax server;
 * what it wrote is read back with SQL. Over Kafka, the host is killed with SIGKILL in the middle of
 * 2,000 requests and started again: every request is answered (duplicates on the output topic are
 * at-least-once delivery) and has exactly one quote row, with the total its answer gave.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PricingAppIT {

    private static final String INPUT = "onex.example.pricing.cmd.v1";
    private static final String OUTPUT = "onex.example.pricing.evt.v1";
    private static final String DEAD_LETTER = "onex.example.pricing.error.v1";
    private static final Map<String, BigDecimal> PRICES = Map.of("tea", new BigDecimal("12.50"),
            "coffee", new BigDecimal("8.00"));
    private static final Map<String, BigDecimal> RATES = Map.of("fr", new BigDecimal("0.20"),
            "de", new BigDecimal("0.19"));

    private PostgresServer postgres;
    private TestHttpServer tax;

    @BeforeAll
    void buildTheApplicationWithItsTests() {
        postgres = PostgresFixture.shared();
        tax = TestHttpServer.start().answerOtherwise(HttpReply.json(404, "{\"error\":\"no such region\"}"));
        RATES.forEach((region, rate) -> tax.answer("GET", "/rates/" + region,
                HttpReply.json(200, "{\"region\":\"" + region + "\",\"rate\":\"" + rate.toPlainString() + "\"}")));
    }

    @AfterAll
    void stopServer() {
        tax.close();
    }

    @Test
    void quotesOverStdioAreWrittenOnceAndTheComputeNodeMakesNoIo() throws Exception {
        Launcher.Result built = Launcher.buildExample(Launcher.APP, Map.of("ONEX_EXAMPLE_TESTS", "1"));
        assertThat(built.exitCode()).as("examples/app/run.sh --version, building with its tests:%n%s",
                tail(built.stderr())).isZero();
        assertThat(built.stderr()).contains("running its tests");
        assertThat(built.stdout()).startsWith("onex-host ");
        Map<String, String> env = database("pricing_app_stdio");
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        int asked = tax.requests().size();

        Launcher.Result run = Launcher.run(Launcher.APP, lines(
                quote(first, "tea", 2, "fr"),
                quote(first, "tea", 2, "fr"),
                quote(second, "coffee", 3, "de"),
                quote(UUID.randomUUID(), "cake", 1, "fr"),
                quote(UUID.randomUUID(), "tea", 1, "xx"),
                request(UUID.randomUUID(), "discount", "discount.apply", "{\"subtotal\":\"120.00\",\"quantity\":12}"),
                request(UUID.randomUUID(), "discount", "discount.fetch_rate", "{}")),
                env, Duration.ofMinutes(2), "run", "examples/app/runtime.yaml", "--stdio");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonLines.assertOnlyJsonObjects("standard output", run.stdout());
        List<Map<String, Object>> answers = run.stdoutLines().stream().map(Json::readObject).toList();
        assertThat(answers).hasSize(7);
        assertThat(answersTo(answers, first)).hasSize(2).allSatisfy(answer -> assertThat(payload(answer))
                .containsEntry("total", "30.00").containsEntry("quote_id", first.toString()));
        assertThat(answersTo(answers, first)).extracting(answer -> payload(answer).get("written"))
                .containsExactlyInAnyOrder(true, false);
        assertThat(payload(answersTo(answers, second).getFirst())).containsEntry("total", "28.56");
        assertThat(errorCodes(answers)).containsExactlyInAnyOrder("ENVELOPE_VALIDATION_ERROR",
                "ENVELOPE_VALIDATION_ERROR", "OPERATION_NOT_ALLOWED");
        assertThat(run.stdout()).contains("no price for sku cake", "the tax service knows no region xx",
                "is a COMPUTE node", "\"discount\":\"6.00\"", "\"total\":\"114.00\"");

        assertThat(postgres.sql("pricing_app_stdio", "SELECT quote_id || '|' || sku || '|' || quantity || '|' || total"
                + " FROM quotes ORDER BY total DESC").strip().lines().toList())
                .containsExactly(first + "|tea|2|30.00", second + "|coffee|3|28.56");
        // Both deliveries of the first request asked; the unknown sku did not get that far; the
        // COMPUTE node's attempt never left the host.
        assertThat(tax.requests().subList(asked, tax.requests().size())).extracting(r -> r.path())
                .containsExactlyInAnyOrder("/rates/fr", "/rates/fr", "/rates/de", "/rates/xx");
    }

    /**
     * {@code validate} knows the registration: the application's own launcher accepts its
     * contract; plain {@code onex-host}, which registers no node code, refuses it as {@code run} would.
     */
    @Test
    void validateKnowsWhichHostRegistersTheNodesCode() throws Exception {
        Launcher.Result built = Launcher.buildExample(Launcher.APP, Map.of());
        assertThat(built.exitCode()).as(tail(built.stderr())).isZero();
        Map<String, String> env = Map.of("PRICING_DB_URL", "r2dbc:postgresql://127.0.0.1:5432/pricing",
                "PRICING_DB_USER", "pricing", "PRICING_DB_PASSWORD", "unused", "TAX_API_URL", "http://127.0.0.1:8081",
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");

        Launcher.Result app = Launcher.run(Launcher.APP, "", env, Duration.ofMinutes(2), "validate",
                "examples/app/runtime.yaml", "examples/app/runtime-kafka.yaml");
        assertThat(app.exitCode()).as(app.stderr()).isZero();
        assertThat(app.stdout()).contains("ok: examples/app/runtime.yaml", "ok: examples/app/runtime-kafka.yaml");

        Launcher.Result plain = Launcher.run("", env, "validate", "examples/app/runtime.yaml");
        assertThat(plain.exitCode()).isEqualTo(1);
        assertThat(plain.stderr()).contains("node 'discount'", "node 'pricing'", "says implementation: code",
                "OnexHost.builder().node(\"pricing\"", "invalid: examples/app/runtime.yaml (2 errors)");
    }

    @Test
    void onKafkaAKillMidStreamLosesNoQuoteAndWritesNoneTwice() throws Exception {
        Launcher.Result built = Launcher.buildExample(Launcher.APP, Map.of());
        assertThat(built.exitCode()).as(tail(built.stderr())).isZero();
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic(INPUT, 4);
            broker.createTopic(OUTPUT, 2);
            broker.createTopic(DEAD_LETTER, 1);
            Map<String, String> env = new HashMap<>(database("pricing_app_kafka"));
            env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
            Map<UUID, String> expected = new LinkedHashMap<>();

            try (KafkaProbe probe = KafkaProbe.of(broker)) {
                Launcher.Running host = Launcher.start(Launcher.APP, env, "run", "examples/app/runtime-kafka.yaml");
                try {
                    // A first batch answered in full: the host is up and quotes over Kafka.
                    probe.sendAll(INPUT, requests(20, expected));
                    Set<UUID> firstBatch = Set.copyOf(expected.keySet());
                    assertThat(KafkaTraffic.Answers.of(probe.readUntil(OUTPUT, KafkaTraffic.answersAll(firstBatch),
                            Duration.ofSeconds(120))).missing(firstBatch)).as("unanswered of the first batch").isEmpty();

                    // 2,000 more; the host dies with SIGKILL once part of them is answered.
                    probe.sendAll(INPUT, requests(2_000, expected));
                    probe.readUntil(OUTPUT, records -> KafkaTraffic.Answers.of(records).counts().size() >= 300,
                            Duration.ofSeconds(120));
                    host.process.destroyForcibly();
                    assertThat(host.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                } finally {
                    host.close();
                }
                assertThat(quoteCount()).as("quotes written before the kill").isLessThan(expected.size());

                try (Launcher.Running restarted = Launcher.start(Launcher.APP, env, "run",
                        "examples/app/runtime-kafka.yaml")) {
                    List<KafkaRecord> records = probe.readUntil(OUTPUT,
                            KafkaTraffic.answersAll(Set.copyOf(expected.keySet())), Duration.ofSeconds(300));
                    KafkaTraffic.Answers answers = KafkaTraffic.Answers.of(records);
                    assertThat(answers.missing(expected.keySet())).as("unanswered after the restart").isEmpty();
                    List<String> errors = KafkaTraffic.responses(records).stream().filter(answer -> !answer.success())
                            .map(answer -> answer.error().code() + ": " + answer.error().message()).toList();
                    assertThat(errors).as("error answers").isEmpty();
                    long again = 0;
                    for (Envelope answer : KafkaTraffic.responses(records)) {
                        assertThat(answer.payload()).as("the answer to %s", answer.correlationId())
                                .containsEntry("total", expected.get(answer.correlationId()));
                        again += Boolean.FALSE.equals(answer.payload().get("written")) ? 1 : 0;
                    }
                    System.out.println("pricing app on Kafka: " + expected.size() + " requests, "
                            + answers.duplicates(expected.keySet()) + " duplicate answers, " + again
                            + " answered from a quote already written");
                    Launcher.Result stopped = KafkaTraffic.stop(restarted);
                    assertThat(stopped.exitCode()).as(stopped.stderr()).isZero();
                }
            }
            // Exactly one row per request, each with the total its answer gave.
            Map<UUID, String> stored = new HashMap<>();
            for (String row : postgres.sql("pricing_app_kafka", "SELECT quote_id || '|' || total FROM quotes")
                    .strip().lines().toList()) {
                String[] parts = row.split("\\|");
                assertThat(stored.put(UUID.fromString(parts[0]), parts[1])).as("a second row for %s", parts[0]).isNull();
            }
            assertThat(stored).isEqualTo(expected);
        }
    }

    /** Creates database {@code name} with the example's tables and prices; returns the host's environment for it. */
    private Map<String, String> database(String name) {
        PostgresAddress address = postgres.createDatabase(name);
        postgres.sql(name, "CREATE TABLE prices (sku text PRIMARY KEY, unit_price numeric(12,2) NOT NULL);"
                + " CREATE TABLE quotes (quote_id text PRIMARY KEY, sku text NOT NULL, quantity int NOT NULL,"
                + " region text NOT NULL, total numeric(12,2) NOT NULL, created_at timestamptz NOT NULL DEFAULT now());"
                + " INSERT INTO prices VALUES ('tea', 12.50), ('coffee', 8.00)");
        return Map.of("PRICING_DB_URL", address.r2dbcUrl(), "PRICING_DB_USER", address.user(),
                "PRICING_DB_PASSWORD", address.password(), "TAX_API_URL", tax.url("").replaceAll("/$", ""));
    }

    private long quoteCount() {
        return Long.parseLong(postgres.sql("pricing_app_kafka", "SELECT count(*) FROM quotes").strip());
    }

    /** Returns {@code count} new quote requests, recording each one's expected total in {@code expected}. */
    private static List<String> requests(int count, Map<UUID, String> expected) {
        List<String> requests = new ArrayList<>(count);
        List<String> skus = List.copyOf(PRICES.keySet());
        List<String> regions = List.copyOf(RATES.keySet());
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            String sku = skus.get(i % skus.size());
            String region = regions.get(i / skus.size() % regions.size());
            int quantity = i % 7 + 1;
            BigDecimal subtotal = PRICES.get(sku).multiply(BigDecimal.valueOf(quantity));
            expected.put(id, subtotal.add(subtotal.multiply(RATES.get(region))).setScale(2, RoundingMode.HALF_EVEN)
                    .toPlainString());
            requests.add(quote(id, sku, quantity, region));
        }
        return requests;
    }

    private static String quote(UUID correlation, String sku, int quantity, String region) {
        return request(correlation, "pricing", "pricing.quote",
                "{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + ",\"region\":\"" + region + "\"}");
    }

    private static String request(UUID correlation, String node, String operation, String payload) {
        return "{\"envelope_id\":\"" + UUID.randomUUID() + "\",\"correlation_id\":\"" + correlation
                + "\",\"target_node\":\"" + node + "\",\"handler_type\":\"node\",\"operation\":\"" + operation
                + "\",\"payload\":" + payload + "}";
    }

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    private static List<Map<String, Object>> answersTo(List<Map<String, Object>> answers, UUID correlation) {
        return answers.stream().filter(answer -> correlation.toString().equals(answer.get("correlation_id"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payload(Map<String, Object> answer) {
        assertThat(answer).as("%s", answer).containsEntry("success", true);
        return (Map<String, Object>) answer.get("payload");
    }

    @SuppressWarnings("unchecked")
    private static List<String> errorCodes(List<Map<String, Object>> answers) {
        return answers.stream().filter(answer -> Boolean.FALSE.equals(answer.get("success")))
                .map(answer -> (String) ((Map<String, Object>) answer.get("error")).get("code")).toList();
    }

    private static String tail(String text) {
        return text.length() <= 8000 ? text : "..." + text.substring(text.length() - 8000);
    }
}
