package io.onex.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.testkit.HttpReply;
import io.onex.testkit.PostgresAddress;
import io.onex.testkit.PostgresFixture;
import io.onex.testkit.PostgresServer;
import io.onex.testkit.TestHttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make image}, run as the README shows it, and the runtime image it links: the quick start
 * answered through the image's {@code bin/onex-host}, the same command line as {@code ./onex-host},
 * only explicit modules and only the JDK modules the host needs, no jar file, and a class-data
 * archive that maps.
 */
class ImageIT {

    private static final Duration RUN_LIMIT = Duration.ofMinutes(2);
    private static final Pattern RESPONSE = Pattern.compile("\"is_response\":true");
    private static final Pattern ERROR_CODE = Pattern.compile("\"error\":\\{\"code\":\"([A-Z_]+)\"");
    private static final String QUICKSTART = "examples/quickstart/runtime.yaml";

    private static Path image;

    @BeforeAll
    static void makeImage() {
        image = MadeImage.path();
    }

    @Test
    void makeImagePrintsThePathOfTheImageAsItsLastLine() {
        assertThat(image).as("the last line of make image must be the image's absolute path").isAbsolute()
                .isEqualTo(Run.HOME.resolve("image/target/onex-host"));
        assertThat(image.resolve("bin/onex-host")).isExecutable();
        assertThat(image.resolve("bin/java")).isExecutable();
        assertThat(MadeImage.tarball(image)).as("the tarball beside the image").isRegularFile();
    }

    @Test
    void theQuickStartAnswersOverStdioThroughTheImagesLauncher() {
        Run echo = image("{\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\","
                + "\"payload\":{\"hi\":1}}\n", "dev", quickstart(), "--stdio");
        assertThat(echo.exitCode()).as(echo.describe()).isZero();
        assertThat(echo.stdoutLines()).as(echo.describe()).singleElement().satisfies(line -> {
            assertThat(line).contains("\"is_response\":true", "\"success\":true", "\"payload\":{\"hi\":1}");
        });
        assertOnlyJsonLines("standard error", echo.stderr());

        Run four = image("""
                {"target_node":"greeter","handler_type":"local","operation":"local.transform","metadata":{"binding":"shouty"},"payload":{"name":"ada"}}
                {"target_node":"echo","handler_type":"local","operation":"local.error"}
                {"target_node":"nobody","handler_type":"local","operation":"local.echo"}
                not json at all
                """, "dev", quickstart(), "--stdio");
        assertThat(four.exitCode()).as(four.describe()).isZero();
        assertThat(answers(four)).as(four.describe()).containsExactlyInAnyOrder(
                "success", "OPERATION_NOT_ALLOWED", "NODE_NOT_FOUND", "ENVELOPE_VALIDATION_ERROR");
        assertThat(four.stdout()).as("the greeting, in upper case").contains("\"payload\":{\"name\":\"ADA\"}");
        assertOnlyJsonLines("standard output", four.stdout());
        assertOnlyJsonLines("standard error", four.stderr());
    }

    @Test
    void theDbHandlerAnswersFromARealPostgresThroughTheImage(@TempDir Path dir) throws IOException {
        // r2dbc, reactor and Netty are automatic modules on the module path; in the image they run
        // with the descriptors the build gave them (their services, reflection and native access).
        PostgresServer postgres = PostgresFixture.shared();
        PostgresAddress address = postgres.createDatabase("image_stock");
        postgres.sql("image_stock", "CREATE TABLE stock (sku text PRIMARY KEY); INSERT INTO stock VALUES ('a-1'), ('b-2')");
        Path contract = Files.writeString(dir.resolve("runtime.yaml"), """
                schema_version: "1.0.0"
                runtime:
                  name: image_db
                  version: "1.0.0"
                  environment: prod
                  event_bus:
                    kind: inmemory
                  handlers:
                    - type: db
                      # The first query opens the pool on a cold JVM: generous, so that a loaded
                      # machine does not turn it into TIMEOUT.
                      timeout_ms: 20000
                      config:
                        url: "%s"
                        username: onex
                        password: { secret_ref: "env:ONEX_IMAGE_DB_PASSWORD" }
                        # timeout_ms bounds the call; getting and opening a connection have their own bounds.
                        acquire_timeout_ms: 20000
                        connect_timeout_ms: 20000
                  nodes_dir: nodes
                """.formatted(address.r2dbcUrl()));
        Files.createDirectories(dir.resolve("nodes"));
        Files.writeString(dir.resolve("nodes/stock.yaml"), """
                schema_version: "1.0.0"
                name: stock
                node_type: EFFECT
                io_operations:
                  - handler: db
                    operations: [db.query, db.execute]
                """);
        Run run = MadeImage.launch(image, Map.of("ONEX_IMAGE_DB_PASSWORD", address.password()), """
                {"target_node":"stock","handler_type":"db","operation":"db.query","payload":{"sql":"SELECT sku FROM stock WHERE sku < $1 ORDER BY sku","parameters":["c"]}}
                {"target_node":"stock","handler_type":"db","operation":"db.execute","payload":{"sql":"INSERT INTO stock VALUES ($1)","parameters":["c-3"]}}
                {"target_node":"stock","handler_type":"db","operation":"db.query","payload":{"sql":"SELECT * FROM no_such_table","parameters":[]}}
                """, "run", contract.toString(), "--stdio");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(answers(run)).as(run.describe())
                .containsExactlyInAnyOrder("success", "success", "HANDLER_EXECUTION_ERROR");
        assertThat(run.stdout()).contains("\"rows\":[{\"sku\":\"a-1\"},{\"sku\":\"b-2\"}]", "\"sqlstate\":\"42P01\"");
        assertThat(postgres.sql("image_stock", "SELECT count(*) FROM stock")).isEqualTo("3");
        assertThat(run.stderr()).doesNotContain(address.password()).doesNotContain("NoClassDefFoundError",
                "ServiceConfigurationError", "InaccessibleObjectException", "IllegalAccessError");
        assertOnlyJsonLines("standard error", run.stderr());
    }

    @Test
    void theImageExportsSpansOverOtlpAndContinuesTheCallersTrace(@TempDir Path dir) throws IOException {
        // OpenTelemetry's jars are automatic modules on the module path; in the image they run with
        // the descriptors the build gave them, and the exporter's HTTP sender is handed over in code.
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        try (TestHttpServer collector = TestHttpServer.start().answerOtherwise(new HttpReply.Respond(200,
                Map.of("Content-Type", List.of("application/x-protobuf")), new byte[0]))) {
            Path contract = Files.writeString(dir.resolve("runtime.yaml"), """
                    schema_version: "1.0.0"
                    runtime:
                      name: image_traced
                      version: "1.0.0"
                      environment: dev
                      event_bus: { kind: inmemory }
                      handlers:
                        - type: local
                      nodes_dir: nodes
                      tracing: { endpoint: "%s" }
                    """.formatted(collector.url("/v1/traces")));
            Files.createDirectories(dir.resolve("nodes"));
            Files.writeString(dir.resolve("nodes/echo.yaml"), """
                    schema_version: "1.0.0"
                    name: echo
                    node_type: EFFECT
                    io_operations:
                      - handler: local
                        operations: [local.echo]
                    """);
            Run run = image("{\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\","
                    + "\"metadata\":{\"traceparent\":\"00-" + traceId + "-00f067aa0ba902b7-01\"}}\n",
                    "dev", contract.toString(), "--stdio");

            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertThat(run.stdout()).as(run.describe()).contains("\"traceparent\":\"00-" + traceId + "-");
            assertThat(run.stderr()).doesNotContain("NoClassDefFoundError", "ServiceConfigurationError",
                    "InaccessibleObjectException", "IllegalAccessError");
            assertOnlyJsonLines("standard error", run.stderr());
            byte[] body = collector.awaitRequests(1, Duration.ofSeconds(30)).getFirst().body();
            assertThat(java.util.HexFormat.of().formatHex(body)).as("the exported span's trace id").contains(traceId);
        }
    }

    @Test
    void theImagesLauncherAnswersEveryCommandLineAsTheModulePathLauncherDoes() {
        List<List<String>> commandLines = List.of(List.of("--version"), List.of(), List.of("launch", QUICKSTART),
                List.of("help", "validate"), List.of("validate", quickstart()), List.of("validate", "no-such.yaml"),
                List.of("describe", quickstart()));
        for (List<String> args : commandLines) {
            Run fromImage = image("", args.toArray(String[]::new));
            List<String> command = new ArrayList<>(List.of(Run.HOME.resolve("onex-host").toString()));
            command.addAll(args);
            Run fromModulePath = Run.of(RUN_LIMIT, Map.of("ONEX_SKIP_BUILD", "1"), "", command.toArray(String[]::new));
            assertThat(fromImage.exitCode()).as("exit code of onex-host %s: image %s, module path %s", args,
                    fromImage.describe(), fromModulePath.describe()).isEqualTo(fromModulePath.exitCode());
            assertThat(fromImage.stdout()).as("standard output of onex-host %s", args)
                    .isEqualTo(fromModulePath.stdout());
        }
        assertThat(image("", "--version").stdout().trim()).isEqualTo("onex-host 0.1.0");
    }

    @Test
    void everyModuleOfTheImageIsExplicitAndEveryJdkModuleInItIsRequired() throws Exception {
        List<String> modules = MadeImage.modules(image);
        assertThat(modules).contains("io.onex.wiring", "io.onex.host.core", "kafka.clients", "r2dbc.postgresql",
                "reactor.core", "io.netty.common", "micrometer.core", "smallrye.fault.tolerance.core", "org.slf4j",
                "org.jboss.logging", "io.helidon.webserver", "java.base");
        assertThat(modules).as("desktop, SQL and compiler modules are not linked")
                .doesNotContain("java.desktop", "java.sql", "java.compiler", "jdk.compiler", "java.se");

        Map<String, String> descriptions = describeAll(modules);
        Set<String> required = new HashSet<>(Set.of("java.base"));
        Pattern requires = Pattern.compile("(?m)^requires (\\S+)(.*)$");
        descriptions.forEach((module, description) -> {
            assertThat(description).as("bin/java --describe-module %s", module)
                    .startsWith(module).doesNotContain(" automatic");
            Matcher clause = requires.matcher(description);
            while (clause.find()) {
                if (!clause.group(2).contains("static")) {
                    required.add(clause.group(1));
                }
            }
        });
        assertThat(modules.stream().filter(m -> m.startsWith("java.") || m.startsWith("jdk.")).toList())
                .as("every JDK module of the image is required by a module of the host").allMatch(required::contains);
    }

    @Test
    void theImageHoldsNoJarFile() throws IOException {
        try (Stream<Path> files = Files.walk(image)) {
            assertThat(files.filter(file -> file.getFileName().toString().endsWith(".jar")).toList()).isEmpty();
        }
    }

    @Test
    void theFullImageIsAtMostEightyMegabytes() throws IOException {
        // Issue #15's target for the full host, in the decimal megabytes of docs/PERFORMANCE.md (du -sb).
        long bytes;
        try (Stream<Path> files = Files.walk(image)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
        }
        assertThat(bytes).as("the bytes of the image's files").isLessThanOrEqualTo(80_000_000L);
    }

    @Test
    void theClassDataArchiveMapsAtStart() {
        // With -Xshare:on the JVM refuses to start unless the archive the launcher names maps.
        Run run = MadeImage.launch(image, Map.of("ONEX_JAVA_OPTS", "-XX:+UseSerialGC -Xshare:on"), "", "--version");
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(image.resolve("lib/onex-host.jsa")).isRegularFile();
    }

    @Test
    void bothLaunchersReadTheirJvmOptionsFromTheSameFile() throws IOException {
        assertThat(image.resolve("conf/onex/java-options.sh"))
                .hasSameBinaryContentAs(Run.HOME.resolve("scripts/java-options.sh"));
        assertThat(Files.readString(image.resolve("bin/onex-host"))).contains("conf/onex/java-options.sh");
        assertThat(Files.readString(Run.HOME.resolve("onex-host"))).contains("scripts/java-options.sh");
    }

    private static Map<String, String> describeAll(List<String> modules) throws Exception {
        Map<String, String> descriptions = new TreeMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Map<String, Future<Run>> runs = new TreeMap<>();
            for (String module : modules) {
                runs.put(module, pool.submit(() -> Run.of(RUN_LIMIT, Map.of(), "",
                        image.resolve("bin/java").toString(), "--describe-module", module)));
            }
            for (var entry : runs.entrySet()) {
                Run run = entry.getValue().get();
                assertThat(run.exitCode()).as(run.describe()).isZero();
                descriptions.put(entry.getKey(), run.stdout());
            }
        }
        return descriptions;
    }

    private static Run image(String stdin, String... args) {
        return MadeImage.launch(image, Map.of(), stdin, args);
    }

    private static String quickstart() {
        return Run.HOME.resolve(QUICKSTART).toString();
    }

    /** Each response envelope's outcome: success, or its error code. */
    private static List<String> answers(Run run) {
        List<String> answers = new ArrayList<>();
        for (String line : run.stdoutLines()) {
            if (RESPONSE.matcher(line).find()) {
                Matcher code = ERROR_CODE.matcher(line);
                answers.add(line.contains("\"success\":true") ? "success" : code.find() ? code.group(1) : line);
            }
        }
        return answers;
    }

    private static void assertOnlyJsonLines(String stream, String text) {
        text.lines().filter(line -> !line.isBlank()).forEach(line -> assertThat(line)
                .as("every line of %s must be a JSON object", stream).startsWith("{").endsWith("}"));
    }
}
