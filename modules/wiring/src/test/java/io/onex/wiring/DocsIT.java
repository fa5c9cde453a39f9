package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.onex.testkit.HttpReply;
import io.onex.testkit.PostgresAddress;
import io.onex.testkit.PostgresFixture;
import io.onex.testkit.PostgresServer;
import io.onex.testkit.TestHttpServer;
import io.onex.testkit.VaultKvServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs every shell block and every {@code --stdio} envelope block that the README, the examples'
 * READMEs, the handler pages and the Kubernetes guide show a reader, as written, and checks the
 * outcome each states (docs/DOCS_TESTS.md). Only the substitutions listed in each test are made:
 * ports that would collide with other programs on the machine, the address and token of the test
 * suite's Vault-API server, and throw-away folders under {@code /tmp/} (moved into the session's
 * own folder by {@link DocRunner}).
 */
class DocsIT {

    private static final String SERVICES = "examples/services/README.md";
    private static final Path STUBS = Launcher.HOME.resolve("modules/wiring/src/test/docs-stubs");

    /** The pages a test of this class runs one by one; the handler pages run all together. */
    private static final Set<String> RUN_ONE_BY_ONE = Set.of(
            "README.md", "examples/kafka/README.md", "examples/services/README.md", "examples/plugin/README.md",
            "examples/app/README.md", "k8s/README.md");

    @Test
    void theReadmeRunsAsWritten() throws Exception {
        String port = Integer.toString(freePort());
        DocRunner.of("README.md")
                .substitute("localhost:8080", "localhost:" + port)
                .substitute("port: 8080", "port: " + port)
                .run();
    }

    @Test
    void theKafkaExampleRunsOnTheLocalBrokerRecipe() throws Exception {
        String port = Integer.toString(freePort());
        DocRunner.of("examples/kafka/README.md")
                .substitute("127.0.0.1:9092", "127.0.0.1:" + port)
                .env("KAFKA_LOCAL_PORT", port)
                .env("KAFKA_LOCAL_CONTROLLER_PORT", Integer.toString(freePort()))
                .run();
    }

    /**
     * The page whose set-up is the reader's own services, named by PostgreSQL's standard variables
     * and the example's: a private PostgreSQL (the page creates server-wide roles) with a database
     * {@code orders} administered by its superuser, the suite's HTTP server answering
     * {@code /users/ada}, and its Vault-API server holding what the page's set-up puts there.
     * The page's {@code answers:} blocks state the outcome of each host run.
     */
    @Test
    void theServicesExampleRunsAsWritten() throws Exception {
        String appPassword = "app-" + UUID.randomUUID();
        try (PostgresServer postgres = PostgresFixture.startPrivate();
             TestHttpServer api = TestHttpServer.start();
             VaultKvServer vault = VaultKvServer.start()) {
            PostgresAddress owner = postgres.createDatabase("orders");
            api.answer("/users/ada", HttpReply.json(200, "{\"name\":\"ada\"}"));
            vault.put("secret", "orders/db", Map.of("password", appPassword));
            vault.put("secret", "app/settings", Map.of("theme", "dark"));
            DocRunner.of(SERVICES)
                    .stubs(STUBS)
                    .env("PGHOST", owner.host())
                    .env("PGPORT", Integer.toString(owner.port()))
                    .env("PGUSER", owner.user())
                    .env("PGPASSWORD", owner.password())
                    .env("PGDATABASE", owner.database())
                    .env("ORDERS_APP_PASSWORD", appPassword)
                    .env("USER_API_URL", api.url("").replaceAll("/$", ""))
                    .env("ORDERS_DB_URL", owner.r2dbcUrl())
                    .env("ORDERS_DB_USER", "orders_app")
                    .env("VAULT_ADDR", vault.address())
                    .env("VAULT_TOKEN", vault.rootToken())
                    .run();
            // Beyond the answers: the insert is the one row, the refused DELETE removed nothing,
            // and the request outside user_lookup's targets never reached the API.
            assertThat(postgres.sql("orders", "SELECT id, total FROM orders").strip()).isEqualTo("o-1|12.5");
            assertThat(api.requests()).extracting(r -> r.path()).containsExactly("/users/ada");
        }
    }

    /**
     * The page starts its own redis-server; only its port changes. The page runs the plugin's build
     * as the suite made it (ONEX_SKIP_BUILD=1), so the build is made or brought up to date first.
     */
    @Test
    void thePluginExampleRunsAsWritten() throws Exception {
        Launcher.Result built = Launcher.buildPlugin(Map.of());
        assertThat(built.exitCode()).as(built.stderr()).isZero();
        DocRunner.of("examples/plugin/README.md")
                .substitute("REDIS_PORT=6379", "REDIS_PORT=" + freePort())
                .run();
    }

    /**
     * The application example: its set-up is a database named by PostgreSQL's standard variables
     * (one the page may create tables in), its own stand-in tax service on {@code TAX_PORT}, and a
     * local Kafka broker from {@code scripts/kafka-local}; the ports change. The application's
     * build is made or brought up to date first, as for the plugin.
     */
    @Test
    void theApplicationExampleRunsAsWritten() throws Exception {
        Launcher.Result built = Launcher.buildExample(Launcher.APP, Map.of());
        assertThat(built.exitCode()).as(built.stderr()).isZero();
        PostgresAddress owner = PostgresFixture.shared().createDatabase("pricing_docs");
        String kafka = Integer.toString(freePort());
        DocRunner.of("examples/app/README.md")
                .substitute("TAX_PORT=8081", "TAX_PORT=" + freePort())
                .substitute("127.0.0.1:9092", "127.0.0.1:" + kafka)
                .env("KAFKA_LOCAL_PORT", kafka)
                .env("KAFKA_LOCAL_CONTROLLER_PORT", Integer.toString(freePort()))
                .env("PGHOST", owner.host())
                .env("PGPORT", Integer.toString(owner.port()))
                .env("PGUSER", owner.user())
                .env("PGPASSWORD", owner.password())
                .env("PGDATABASE", owner.database())
                .run();
    }

    @Test
    void theKubernetesGuideRunsWhatRunsWithoutACluster() throws Exception {
        DocRunner.of("k8s/README.md")
                .substitute("KAFKA_BOOTSTRAP_SERVERS=...", "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092")
                .substitute("USER_API_URL=...", "USER_API_URL=http://127.0.0.1:8081")
                .substitute("ORDERS_DB_URL=...", "ORDERS_DB_URL=r2dbc:postgresql://127.0.0.1:5432/orders")
                .substitute("ORDERS_DB_USER=...", "ORDERS_DB_USER=orders_app")
                .run();
    }

    @Test
    void theHandlerPagesRunTheirBlocks() throws Exception {
        try (Stream<Path> pages = Files.list(Launcher.HOME.resolve("docs/handlers"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                DocRunner.of(Launcher.HOME.relativize(page).toString()).run();
            }
        }
    }

    @Test
    void everyDocumentATestRunsFollowsTheConvention() throws IOException {
        List<Path> documents;
        try (Stream<Path> examples = Files.list(Launcher.HOME.resolve("examples"));
             Stream<Path> handlers = Files.list(Launcher.HOME.resolve("docs/handlers"))) {
            documents = Stream.concat(
                    Stream.concat(Stream.of(Launcher.HOME.resolve("README.md"), Launcher.HOME.resolve("k8s/README.md")),
                            examples.map(folder -> folder.resolve("README.md")).filter(Files::exists)),
                    handlers.filter(p -> p.toString().endsWith(".md"))).toList();
        }
        assertThat(documents).hasSizeGreaterThanOrEqualTo(8);
        for (Path document : documents) {
            String name = Launcher.HOME.relativize(document).toString();
            assertThatCode(() -> MarkdownBlocks.runnable(name, Files.readString(document)))
                    .as(name).doesNotThrowAnyException();
            if (!name.startsWith("docs/handlers/")) {
                assertThat(RUN_ONE_BY_ONE).as("%s has no test in DocsIT that runs it: add one", name).contains(name);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
