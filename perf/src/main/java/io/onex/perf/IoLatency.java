package io.onex.perf;

import io.onex.host.api.Envelope;
import io.onex.host.api.HandlerType;
import io.onex.testkit.HttpReply;
import io.onex.testkit.PostgresAddress;
import io.onex.testkit.PostgresFixture;
import io.onex.testkit.PostgresServer;
import io.onex.testkit.TestHttpServer;
import io.onex.wiring.StartOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Handler latency of the http handler (against the testkit's HTTP server on loopback) and the db
 * handler (against a private PostgreSQL from the testkit), each alternating call by call with a
 * direct call of the same thing without the host: the JDK's HTTP client for http, one bare r2dbc
 * connection for db.
 */
final class IoLatency {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int WARM_UP_CALLS = 50;

    private IoLatency() {
    }

    static void measure(Path folder, BenchSettings settings, List<Metric> metrics, Map<String, String> skipped,
            Consumer<String> progress) {
        Optional<PostgresServer> postgres = startPostgres(skipped, progress);
        try (TestHttpServer server = TestHttpServer.start()) {
            server.answer("GET", "/api/ping", HttpReply.json(200, "{\"ok\":true}"));
            Map<String, String> variables = new HashMap<>(Map.of("PERF_HTTP_BASE", server.url("/api")));
            Path password = folder.resolve("db-password");
            postgres.ifPresent(db -> {
                PostgresAddress address = db.address();
                variables.put("PERF_DB_URL", address.r2dbcUrl());
                variables.put("PERF_DB_USER", address.user());
                write(password, address.password());
            });
            HandlerTimer timer = HandlerTimer.withCapacity(settings.calls());
            try (HostDriver host = HostDriver.start(ContractYaml.ioNodes(folder, postgres.isPresent(), password),
                    variables, StartOptions.defaults().observer(timer))) {
                http(host, timer, server, settings, metrics, progress);
                if (postgres.isPresent()) {
                    db(host, timer, postgres.get().address(), settings, metrics, progress);
                }
            }
        } finally {
            postgres.ifPresent(PostgresServer::close);
        }
    }

    private static Optional<PostgresServer> startPostgres(Map<String, String> skipped, Consumer<String> progress) {
        try {
            return Optional.of(PostgresFixture.startPrivate());
        } catch (RuntimeException e) {
            String reason = "skipped: no PostgreSQL binaries (" + e.getMessage() + ")";
            progress.accept("load.latency.db " + reason);
            skipped.put("load.latency.db", reason);
            return Optional.empty();
        }
    }

    private static void http(HostDriver host, HandlerTimer timer, TestHttpServer server, BenchSettings settings,
            List<Metric> metrics, Consumer<String> progress) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest direct = HttpRequest.newBuilder(URI.create(server.url("/api/ping"))).timeout(PATIENCE).GET().build();
        Latencies.measure(metrics, new Latencies.Plan("http", settings.rounds(), settings.calls(), WARM_UP_CALLS,
                "direct JDK HttpClient GET of the same URL, no host"), timer.samples(HandlerType.of("http")),
                () -> expectSuccess(host.call(Envelope.request("http_node", HandlerType.of("http"), "http.get",
                        Map.of("url", "ping")), PATIENCE)),
                () -> send(client, direct), progress);
    }

    private static void db(HostDriver host, HandlerTimer timer, PostgresAddress address, BenchSettings settings,
            List<Metric> metrics, Consumer<String> progress) {
        try (BareQuery bare = BareQuery.connect(address, PATIENCE)) {
            Latencies.measure(metrics, new Latencies.Plan("db", settings.rounds(), settings.calls(), WARM_UP_CALLS,
                    "SELECT 1 on one bare r2dbc connection, no pool, no host"), timer.samples(HandlerType.of("db")),
                    () -> expectSuccess(host.call(Envelope.request("db_node", HandlerType.of("db"), "db.query",
                            Map.of("sql", "SELECT 1", "parameters", List.of())), PATIENCE)),
                    bare::selectOne, progress);
        }
    }

    private static void expectSuccess(Envelope response) {
        if (!response.success()) {
            throw new IllegalStateException("the host answered with an error: " + response.error().code() + " "
                    + response.error().message());
        }
    }

    private static void send(HttpClient client, HttpRequest request) {
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the HTTP server answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
