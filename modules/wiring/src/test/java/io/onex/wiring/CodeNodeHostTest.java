package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeValidationException;
import io.onex.host.api.HandlerType;
import io.onex.host.api.NodeCode;
import io.onex.host.api.NodeContext;
import io.onex.testkit.HttpReply;
import io.onex.testkit.TestHttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes with code, end to end through a host composed with {@code OnexHost.builder().node(...)}
 * and run in process over {@code --stdio}: an EFFECT node calls a real HTTP server through its
 * binding, a COMPUTE node computes and is refused any call, an ORCHESTRATOR node sends to the
 * others through the host's routing with a bounded hop count, and a failing node's exception,
 * deadline overrun and runaway loop are answered without touching the other nodes.
 */
class CodeNodeHostTest {

    @TempDir
    static Path dir;

    private static TestHttpServer tax;

    private static final String RUNTIME = """
            schema_version: "1.0.0"
            runtime:
              name: code_host
              version: "1.0.0"
              environment: dev
              event_bus: { kind: inmemory }
              shutdown: { grace_seconds: 5 }
              handlers:
                - type: http
                  name: tax
                  timeout_ms: 5000
                  config:
                    base_url: "%s"
              nodes:
                - contract: nodes/pricing.yaml
                - contract: nodes/calc.yaml
                - contract: nodes/front.yaml
                - contract: nodes/faulty.yaml
                  limits: { max_concurrent: 2 }
            """;

    private static final Map<String, String> NODES = Map.of(
            "pricing.yaml", """
                    schema_version: "1.0.0"
                    name: pricing
                    node_type: EFFECT
                    implementation: code
                    operations:
                      - name: quote
                        required: [price]
                    io_operations:
                      - handler: tax
                        operations: [http.get]
                    """,
            "calc.yaml", """
                    schema_version: "1.0.0"
                    name: calc
                    node_type: COMPUTE
                    implementation: code
                    operations:
                      - name: double
                        required: [x]
                      - name: peek
                    """,
            "front.yaml", """
                    schema_version: "1.0.0"
                    name: front
                    node_type: ORCHESTRATOR
                    implementation: code
                    operations:
                      - name: quote
                        required: [price]
                      - name: loop
                    """,
            "faulty.yaml", """
                    schema_version: "1.0.0"
                    name: faulty
                    node_type: COMPUTE
                    implementation: code
                    operations:
                      - name: boom
                      - name: spin
                    """);

    /** An EFFECT node: asks the tax service for a rate and computes the total. */
    static final class Pricing implements NodeCode {
        @Override
        public Map<String, Object> handle(Envelope request, NodeContext context) {
            Map<String, Object> answer = context.call("tax", "http.get", Map.of("url", "/rate"));
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) answer.get("body");
            BigDecimal rate = new BigDecimal(body.get("rate").toString());
            BigDecimal price = new BigDecimal(request.payload().get("price").toString());
            return Map.of("total", price.add(price.multiply(rate)).toPlainString());
        }
    }

    /** A COMPUTE node: doubles a number; its "peek" tries I/O, which is refused. */
    static final class Calc implements NodeCode {
        @Override
        public Map<String, Object> handle(Envelope request, NodeContext context) {
            if (request.operation().equals("calc.peek")) {
                return context.call("tax", "http.get", Map.of("url", "/rate"));
            }
            Object x = request.payload().get("x");
            if (!(x instanceof Number number)) {
                throw new EnvelopeValidationException("calc.double needs payload.x, a number");
            }
            return Map.of("y", number.longValue() * 2);
        }
    }

    /** An ORCHESTRATOR node: asks pricing and calc and combines the answers; "loop" sends to itself. */
    static final class Front implements NodeCode {
        @Override
        public Map<String, Object> handle(Envelope request, NodeContext context) {
            if (request.operation().equals("front.loop")) {
                return context.send(Envelope.request("front", HandlerType.of("node"), "front.loop", Map.of()));
            }
            Map<String, Object> quote = context.send(Envelope.request("pricing", HandlerType.of("node"),
                    "pricing.quote", request.payload()));
            Map<String, Object> doubled = context.send(Envelope.request("calc", HandlerType.of("node"),
                    "calc.double", Map.of("x", 21)));
            return Map.of("total", quote.get("total"), "y", doubled.get("y"));
        }
    }

    /** A node whose code fails: throws, or spins past its deadline without looking at it (for 10 s at most). */
    static final class Faulty implements NodeCode {
        @Override
        public Map<String, Object> handle(Envelope request, NodeContext context) {
            if (request.operation().equals("faulty.boom")) {
                throw new IllegalStateException("secret-looking detail that must not leak");
            }
            long end = System.nanoTime() + 10_000_000_000L;
            long spins = 0;
            while (System.nanoTime() < end) {
                spins++;
            }
            return Map.of("spins", spins);
        }
    }

    @BeforeAll
    static void writeContracts() throws IOException {
        tax = TestHttpServer.start().answerOtherwise(HttpReply.json(200, "{\"rate\":\"0.25\"}"));
        Files.createDirectories(dir.resolve("nodes"));
        Files.writeString(dir.resolve("runtime.yaml"), RUNTIME.formatted(tax.url("/")));
        for (Map.Entry<String, String> node : NODES.entrySet()) {
            Files.writeString(dir.resolve("nodes").resolve(node.getKey()), node.getValue());
        }
    }

    @AfterAll
    static void stopServer() {
        tax.close();
    }

    private record Run(int code, String out, String err) {
    }

    private static OnexHost.Builder composed() {
        return OnexHost.builder().node("pricing", Pricing::new).node("calc", Calc::new).node("front", Front::new)
                .node("faulty", Faulty::new);
    }

    private static Run run(OnexHost host, String stdin, String... args) {
        InputStream before = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            int code = host.cli(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(before);
        }
    }

    /**
     * Runs the composed host in a JVM of its own (the stdio bridge writes to the process's own
     * standard output), {@code dev CONTRACT --stdio} with {@code stdin}.
     */
    private static Run serve(String stdin) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CodeNodeHostTest.class.getName(),
                "dev", dir.resolve("runtime.yaml").toString(), "--stdio");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().remove("ENVIRONMENT");
        try (Launcher.Running running = new Launcher.Running(builder.start())) {
            try (java.io.OutputStream in = running.process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            Launcher.Result result = running.await(java.time.Duration.ofSeconds(120));
            return new Run(result.exitCode(), result.stdout(), result.stderr());
        }
    }

    /** The composed host of these tests, as an application's {@code main} would run it. */
    public static void main(String[] args) {
        System.exit(composed().build().cli(args));
    }

    /** Returns one request line, tagged {@code tag} in its metadata, which its answer keeps. */
    private static String envelope(String tag, String node, String type, String operation, String payload,
            String extra) {
        return "{\"target_node\":\"" + node + "\",\"handler_type\":\"" + type + "\",\"operation\":\"" + operation
                + "\",\"payload\":" + payload + ",\"metadata\":{\"tag\":\"" + tag + "\"}" + extra + "}\n";
    }

    /** Returns the answer to the request tagged {@code tag}. */
    private static String answerTo(Run run, String tag) {
        return run.out().lines().filter(line -> line.contains("\"tag\":\"" + tag + "\""))
                .findFirst().orElseThrow(() -> new AssertionError("no answer to " + tag + " in:\n" + run.out()
                        + "\nstderr:\n" + run.err()));
    }

    @Test
    void everyKindOfNodeAnswersThroughTheHostAndFailuresStayWithTheFailingNode() throws Exception {
        String input = envelope("quote", "pricing", "node", "pricing.quote", "{\"price\":\"100\"}", "")
                + envelope("double", "calc", "node", "calc.double", "{\"x\":4}", "")
                + envelope("peek", "calc", "node", "calc.peek", "{}", "")
                + envelope("front", "front", "node", "front.quote", "{\"price\":\"10\"}", "")
                + envelope("loop", "front", "node", "front.loop", "{}", "")
                + envelope("boom", "faulty", "node", "faulty.boom", "{}", "")
                + envelope("spin", "faulty", "node", "faulty.spin", "{}", ",\"ttl_seconds\":1")
                + envelope("handler", "pricing", "http", "http.get", "{\"url\":\"/rate\"}", "")
                + envelope("unknown", "calc", "node", "calc.triple", "{\"x\":4}", "")
                + envelope("missing", "pricing", "node", "pricing.quote", "{}", "");
        Run run = serve(input);

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out().lines()).hasSize(10);
        assertThat(answerTo(run, "quote")).contains("\"success\":true", "\"total\":\"125.00\"");
        assertThat(answerTo(run, "double")).contains("\"success\":true", "\"y\":8");
        assertThat(answerTo(run, "peek")).contains("\"code\":\"OPERATION_NOT_ALLOWED\"", "COMPUTE");
        assertThat(answerTo(run, "front")).contains("\"success\":true", "\"total\":\"12.50\"", "\"y\":42");
        assertThat(answerTo(run, "loop")).contains("\"code\":\"OPERATION_NOT_ALLOWED\"", "cycle");
        assertThat(answerTo(run, "boom")).contains("\"code\":\"HANDLER_EXECUTION_ERROR\"",
                "IllegalStateException").doesNotContain("secret-looking");
        assertThat(answerTo(run, "spin")).contains("\"code\":\"TIMEOUT\"", "deadline");
        assertThat(answerTo(run, "handler")).contains("\"code\":\"OPERATION_NOT_ALLOWED\"", "runs code");
        assertThat(answerTo(run, "unknown")).contains("\"code\":\"INVALID_OPERATION\"", "calc.double");
        assertThat(answerTo(run, "missing")).contains("ENVELOPE_VALIDATION_ERROR", "payload field 'price'");
        assertThat(tax.requests()).hasSize(2);
    }

    @Test
    void aContractAskingForCodeNoOneRegisteredIsRefusedAtStartUp() {
        Run run = run(OnexHost.builder().node("pricing", Pricing::new).node("front", Front::new)
                .node("faulty", Faulty::new).build(), "", "dev", dir.resolve("runtime.yaml").toString(), "--stdio");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("node 'calc'", "implementation: code", "OnexHost.builder().node(\"calc\"");
    }

    @Test
    void codeRegisteredForNoContractIsRefusedAtStartUp() {
        Run run = run(composed().node("ghost", Calc::new).build(), "", "dev",
                dir.resolve("runtime.yaml").toString(), "--stdio");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("code is registered for node 'ghost'", "hosts no node of that name");
    }

    /**
     * {@code validate} checks the registration as {@code run} does: the same line on standard
     * error and exit code 1 when a contract asks for code no one registered or code is registered
     * for no contract, and {@code ok} when they match.
     */
    @Test
    void validateRefusesAnUnmatchedRegistrationWithRunsMessage() {
        String contract = dir.resolve("runtime.yaml").toString();
        List<OnexHost> unmatched = List.of(
                OnexHost.builder().node("pricing", Pricing::new).node("front", Front::new).node("faulty", Faulty::new)
                        .build(),
                composed().node("ghost", Calc::new).build());
        for (OnexHost host : unmatched) {
            Run started = run(host, "", "dev", contract, "--stdio");
            Run validated = run(host, "", "validate", contract);

            assertThat(validated.code()).isEqualTo(1).isEqualTo(started.code());
            String refusal = started.err().lines().filter(line -> line.startsWith("onex-host: ")).findFirst()
                    .orElseThrow(() -> new AssertionError("run gave no refusal:\n" + started.err()));
            assertThat(validated.err()).contains(refusal + "\n", "invalid: " + contract);
            assertThat(validated.out()).doesNotContain("ok:");
        }
        assertThat(run(OnexHost.builder().node("pricing", Pricing::new).build(), "", "validate", contract).err())
                .contains("node 'calc'", "node 'front'", "node 'faulty'", "(3 errors)");

        Run matched = run(composed().build(), "", "validate", contract);
        assertThat(matched.code()).as(matched.err()).isZero();
        assertThat(matched.out()).contains("ok: " + contract, "4 nodes");
    }

    @Test
    void aNodeContractLeavesItsOperationsAndImplementationToTheSchema() {
        Run run = run(composed().build(), "", "schema", "node");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"implementation\"", "\"operations\"");
    }

    @Test
    void aNodeWhoseCodeKeepsFailingOpensItsCircuit() throws Exception {
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            input.append(envelope("boom" + i, "faulty", "node", "faulty.boom", "{}", ""));
        }
        input.append(envelope("double", "calc", "node", "calc.double", "{\"x\":1}", ""));
        Run run = serve(input.toString());

        assertThat(run.code()).as(run.err()).isZero();
        List<String> boom = run.out().lines().filter(line -> line.contains("faulty.boom")).toList();
        assertThat(boom).hasSize(8);
        assertThat(boom).anySatisfy(line -> assertThat(line).contains("CIRCUIT_OPEN", "node 'faulty'"));
        assertThat(answerTo(run, "double")).contains("\"success\":true", "\"y\":2");
    }
}
