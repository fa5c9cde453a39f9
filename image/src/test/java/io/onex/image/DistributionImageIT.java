package io.onex.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.testkit.HttpReply;
import io.onex.testkit.TestHttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A custom distribution, {@code make image DISTRIBUTION=http-kafka}: the composition module
 * io.onex.distribution.http.kafka, the core with only the local and http handlers and the Kafka
 * bus. Its image links no r2dbc, Reactor, Netty nor Vault client, answers an envelope to a real
 * HTTP server through its {@code bin/onex-host}, and refuses, with exit code 1 and a message naming
 * the handler type and the distribution, a contract that binds a handler it leaves out; a plain
 * {@code java -p ... -m io.onex.distribution.http.kafka} on its module path has the same handlers.
 */
class DistributionImageIT {

    private static final Duration RUN_LIMIT = Duration.ofMinutes(2);

    private static Path image;

    @BeforeAll
    static void makeImage() {
        image = MadeImage.path("http-kafka");
        assertThat(image).isEqualTo(Run.HOME.resolve("image/target/onex-host-http-kafka"));
    }

    @Test
    void theSmallImageLinksNeitherTheDbNorTheVaultLibraries() {
        List<String> modules = MadeImage.modules(image);
        assertThat(modules).contains("io.onex.distribution.http.kafka", "io.onex.wiring.core", "io.onex.handler.http",
                "io.onex.handler.local", "io.onex.bus.kafka", "kafka.clients", "io.helidon.webserver");
        assertThat(modules).as("the distribution leaves out the full host, db, vault, consul and their libraries")
                .doesNotContain("io.onex.wiring", "io.onex.handler.db", "io.onex.handler.vault",
                        "io.onex.handler.consul", "io.onex.client.vault", "vault.java.driver", "reactor.core",
                        "java.desktop")
                .noneMatch(module -> module.startsWith("r2dbc.") || module.startsWith("io.netty."));
        assertThat(MadeImage.tarball(image)).as("the tarball beside the image").isRegularFile();
    }

    @Test
    void anEnvelopeToHttpIsAnsweredThroughTheSmallImage(@TempDir Path dir) throws IOException {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.answer("/api/users/7", HttpReply.json(200, "{\"name\":\"ada\"}"));
            Path contract = contract(dir, """
                        - type: http
                          config:
                            base_url: "%s"
                    """.formatted(server.url("/api")), "http", "[http.get]");
            Run run = MadeImage.launch(image, Map.of(), """
                    {"target_node":"users","handler_type":"http","operation":"http.get","payload":{"url":"users/7"}}
                    """, "run", contract.toString(), "--stdio");

            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertThat(run.stdoutLines()).as(run.describe()).singleElement().satisfies(line -> assertThat(line)
                    .contains("\"is_response\":true", "\"success\":true", "\"status_code\":200", "ada"));
            assertThat(server.requests()).hasSize(1);
            assertThat(run.stderr()).doesNotContain("WARNING", "NoClassDefFoundError", "Exception");
        }
    }

    @Test
    void aContractBindingDbIsRefusedWithExitOneNamingTheHandlerTypeAndTheDistribution(@TempDir Path dir)
            throws IOException {
        Path contract = contract(dir, """
                    - type: db
                      config:
                        url: "r2dbc:postgresql://127.0.0.1:1/none"
                """, "db", "[db.query]");
        for (List<String> command : List.of(List.of("run", contract.toString(), "--stdio"),
                List.of("validate", contract.toString()))) {
            Run run = MadeImage.launch(image, Map.of(), "", command.toArray(String[]::new));
            assertThat(run.exitCode()).as("onex-host %s: %s", command, run.describe()).isEqualTo(1);
            assertThat(run.stderr()).as(run.describe()).contains("error: handler type 'db' is built in, but the"
                    + " http-kafka distribution of the host does not include it (module io.onex.handler.db is not"
                    + " linked); run the contract with the full host").doesNotContain("NoClassDefFoundError");
        }
    }

    @Test
    void aPlainModulePathLaunchOfTheDistributionHasExactlyItsHandlers(@TempDir Path dir) throws IOException {
        Path contract = contract(dir, """
                    - type: db
                      config:
                        url: "r2dbc:postgresql://127.0.0.1:1/none"
                """, "db", "[db.query]");
        // No --add-modules: the composition module's graph alone decides what the host has.
        Run run = Run.of(RUN_LIMIT, Map.of(), "", Path.of(System.getProperty("java.home"), "bin/java").toString(),
                "--module-path", Run.HOME.resolve("modules/distribution-http-kafka/target/lib").toString(),
                "-m", "io.onex.distribution.http.kafka/io.onex.distribution.http.kafka.Main",
                "validate", contract.toString());

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        assertThat(run.stderr()).as(run.describe()).contains("valid choices: local, http",
                "the http-kafka distribution of the host does not include it (module io.onex.handler.db");
    }

    @Test
    void aVaultSecretSourceIsRefusedWithExitOneNamingTheDistribution(@TempDir Path dir) throws IOException {
        Path contract = contract(dir, """
                    - type: http
                  secrets:
                    vault:
                      address: "http://127.0.0.1:1"
                      token: { secret_ref: "env:ONEX_TEST_VAULT_TOKEN" }
                """, "http", "[http.get]");
        Run run = MadeImage.launch(image, Map.of("ONEX_TEST_VAULT_TOKEN", "not-a-real-token"), "",
                "run", contract.toString(), "--stdio");
        assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        assertThat(run.stderr()).as(run.describe()).contains("the http-kafka distribution of the host does not"
                + " include the Vault secret source (module io.onex.client.vault is not linked)")
                .doesNotContain("not-a-real-token", "NoClassDefFoundError");
    }

    /**
     * A runtime contract in {@code dir}: the in-memory bus, {@code handlers} (the YAML after
     * {@code handlers:}, its items indented by four spaces) and one node {@code users} using
     * {@code handler}.
     */
    private static Path contract(Path dir, String handlers, String handler, String operations) throws IOException {
        Files.createDirectories(dir.resolve("nodes"));
        Files.writeString(dir.resolve("nodes/users.yaml"), """
                schema_version: "1.0.0"
                name: users
                node_type: EFFECT
                io_operations:
                  - handler: %s
                    operations: %s
                """.formatted(handler, operations));
        return Files.writeString(dir.resolve("runtime.yaml"), """
                schema_version: "1.0.0"
                runtime:
                  name: small_host
                  version: "1.0.0"
                  environment: prod
                  event_bus:
                    kind: inmemory
                  nodes_dir: nodes
                  handlers:
                %s""".formatted(handlers));
    }
}
