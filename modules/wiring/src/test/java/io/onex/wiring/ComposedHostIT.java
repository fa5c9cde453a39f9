package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application module that composes a host with a third-party handler works on the module path
 * with nothing else to configure: the test compiles a small application module ({@code upper.app},
 * which {@code requires io.onex.wiring} and registers an {@code upper} handler factory from its own
 * {@code main}) against the packaged platform modules, and runs it on the module path as a user
 * would, with a JDK 25 {@code java}.
 */
class ComposedHostIT {

    private static final Path LIB = Launcher.HOME.resolve("modules/wiring/target/lib");

    @TempDir
    static Path work;

    private static Path app;

    private static final String MODULE_INFO = """
            module upper.app {
                requires io.onex.wiring;
            }
            """;

    private static final String FACTORY = """
            package upper;

            import io.onex.host.api.ConfigSchema;
            import io.onex.host.api.Handler;
            import io.onex.host.api.HandlerDescription;
            import io.onex.host.api.HandlerFactory;
            import io.onex.host.api.Secrets;
            import io.onex.host.api.contract.HandlerBinding;
            import java.util.List;

            public final class UpperHandlerFactory implements HandlerFactory {
                @Override public int spiVersion() { return HandlerFactory.SPI_VERSION; }
                @Override public String type() { return "upper"; }
                @Override public String version() { return "1.0.0"; }
                @Override public String summary() { return "Uppercases payload.text"; }
                @Override public List<HandlerDescription.Operation> operations() {
                    return List.of(new HandlerDescription.Operation("upper.apply", List.of("text"), List.of(),
                            List.of("text")));
                }
                @Override public ConfigSchema configSchema() {
                    return ConfigSchema.builder().text("suffix", "").doc("appended to every answer").build();
                }
                @Override public Handler create(HandlerBinding binding, Secrets secrets) {
                    return new UpperHandler(String.valueOf(binding.config().get("suffix")));
                }
            }
            """;

    private static final String HANDLER = """
            package upper;

            import io.onex.host.api.EnvelopeValidationException;
            import io.onex.host.api.Handler;
            import io.onex.host.api.HandlerHealth;
            import io.onex.host.api.Invocation;
            import java.util.Locale;
            import java.util.Map;

            final class UpperHandler implements Handler {
                private final String suffix;
                UpperHandler(String suffix) { this.suffix = suffix; }
                @Override public Map<String, Object> execute(Invocation invocation) {
                    Object text = invocation.payload().get("text");
                    if (!(text instanceof String value)) {
                        throw new EnvelopeValidationException("upper.apply needs payload.text, a string");
                    }
                    return Map.of("text", value.toUpperCase(Locale.ROOT) + suffix);
                }
                @Override public HandlerHealth health() { return HandlerHealth.healthy(Map.of()); }
            }
            """;

    private static final String MAIN = """
            package upper;

            import io.onex.wiring.OnexHost;

            public final class Main {
                public static void main(String[] args) {
                    System.exit(OnexHost.builder().handler(new UpperHandlerFactory()).build().cli(args));
                }
            }
            """;

    private static final String RUNTIME = """
            schema_version: "1.0.0"
            runtime:
              name: upper_host
              version: "1.0.0"
              environment: dev
              event_bus: { kind: inmemory }
              handlers:
                - type: upper
                  name: shout
                  config:
                    %s: "!"
              nodes:
                - contract: nodes/shouter.yaml
            """;

    private static final String NODE = """
            schema_version: "1.0.0"
            name: shouter
            node_type: EFFECT
            io_operations:
              - handler: shout
                operations: [upper.apply]
            """;

    @BeforeAll
    static void compileTheApplicationModule() throws IOException, InterruptedException {
        assertThat(LIB.resolve("onex-wiring.jar")).as("the packaged platform (mvn package)").exists();
        Path sources = work.resolve("src");
        Launcher.write(sources, "module-info.java", MODULE_INFO);
        Launcher.write(sources, "upper/UpperHandlerFactory.java", FACTORY);
        Launcher.write(sources, "upper/UpperHandler.java", HANDLER);
        Launcher.write(sources, "upper/Main.java", MAIN);
        app = work.resolve("app");
        List<String> arguments = new ArrayList<>(List.of("--module-path", LIB.toString(), "-d", app.toString()));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> arguments.add(file.toString()));
        }
        arguments.addFirst(Path.of(System.getProperty("java.home"), "bin", "javac").toString());
        Process javac = new ProcessBuilder(arguments).redirectErrorStream(true).start();
        try (Launcher.Running running = new Launcher.Running(javac)) {
            Launcher.Result compiled = running.await(java.time.Duration.ofSeconds(120));
            assertThat(compiled.exitCode()).as(compiled.stdout()).isZero();
        }
    }

    private static Launcher.Result run(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", LIB + java.io.File.pathSeparator + app, "-m", "upper.app/upper.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().remove("ENVIRONMENT");
        Process process = builder.start();
        try (Launcher.Running running = new Launcher.Running(process)) {
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            return running.await(java.time.Duration.ofSeconds(120));
        }
    }

    private static Path contract(String folder, String suffixKey) {
        Path dir = work.resolve(folder);
        Launcher.write(dir, "nodes/shouter.yaml", NODE);
        return Launcher.write(dir, "runtime.yaml", RUNTIME.formatted(suffixKey));
    }

    @SuppressWarnings("unchecked") // JSON objects are read as String-keyed maps
    private static Map<String, Object> asMap(Object json) {
        return (Map<String, Object>) json;
    }

    @Test
    void anEnvelopeForTheRegisteredHandlerIsAnsweredThroughStdio() throws Exception {
        Path runtime = contract("good", "suffix");
        String request = "{\"target_node\":\"shouter\",\"handler_type\":\"upper\",\"operation\":\"upper.apply\","
                + "\"payload\":{\"text\":\"hello\"}}\n";

        Launcher.Result result = run(request, "dev", runtime.toString(), "--stdio");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdoutLines()).singleElement().satisfies(line -> {
            Map<String, Object> response = Json.readObject(line);
            assertThat(response).containsEntry("success", true).containsEntry("handler_type", "upper");
            assertThat(response.get("payload")).isEqualTo(Map.of("text", "HELLO!"));
        });
    }

    @Test
    void validateReportsAnUnknownConfigKeyOfThePluginWithFileLineAndDidYouMean() throws Exception {
        Path runtime = contract("typo", "sufix");

        Launcher.Result result = run("", "validate", runtime.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains(runtime + ":11", "sufix", "did you mean 'suffix'");
    }

    @Test
    void describeShowsThePluginBindingsOperationsFromItsFactory() throws Exception {
        Launcher.Result result = run("", "describe", contract("described", "suffix").toString());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<?> bindings = (List<?>) Json.readObject(result.stdout()).get("handlers");
        assertThat(bindings).singleElement().satisfies(binding -> assertThat(asMap(binding))
                .containsEntry("type", "upper").containsEntry("available_in_this_build", true)
                .containsEntry("operations", List.of("upper.apply")));
    }

    @Test
    void anEnvelopeOfATypeTheHostDoesNotHaveListsTheRegisteredTypes() throws Exception {
        String request = "{\"target_node\":\"shouter\",\"handler_type\":\"redis\",\"operation\":\"redis.get\"}\n";

        Launcher.Result result = run(request, "dev", contract("unknown", "suffix").toString(), "--stdio");

        assertThat(result.stdoutLines()).singleElement().satisfies(line -> assertThat(line)
                .contains("ENVELOPE_VALIDATION_ERROR", "is not one of local, http, db, vault, consul, upper"));
    }
}
