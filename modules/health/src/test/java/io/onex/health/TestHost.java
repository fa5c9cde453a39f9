package io.onex.health;

import io.onex.host.api.Envelope;
import io.onex.host.api.HandlerType;
import io.onex.host.api.contract.BackoffStrategy;
import io.onex.host.api.contract.BusKind;
import io.onex.host.api.contract.Environment;
import io.onex.host.api.contract.EventBusSpec;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.HealthSpec;
import io.onex.host.api.contract.HostedNode;
import io.onex.host.api.contract.NodeContract;
import io.onex.host.api.contract.NodeType;
import io.onex.host.api.contract.ReadinessMode;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.api.contract.ShutdownSpec;
import io.onex.host.core.log.JsonLog;
import io.onex.host.core.runtime.RuntimeHostProcess;
import io.onex.host.core.status.HostStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A runtime host with the health server on a free port, driven in process: node {@code echo}
 * uses the required binding {@code local}; node {@code store} uses the required binding
 * {@code db}, whose health a test can switch; the binding {@code cache} is optional.
 */
final class TestHost implements AutoCloseable {

    static final String INPUT = "onex.test.ops.cmd.v1";
    static final String OUTPUT = "onex.test.ops.evt.v1";

    final TestHandler local = new TestHandler(HandlerType.of("local"));
    final TestHandler db = new TestHandler(HandlerType.of("db"));
    final TestHandler cache = new TestHandler(HandlerType.of("local"));
    final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    final SwitchableBus bus = new SwitchableBus();
    final RuntimeHostProcess host;
    final HealthServer server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestHost(Environment environment, Optional<Boolean> ingress, java.util.function.UnaryOperator<
            HealthServer.Builder> settings) {
        this(environment, ingress, ReadinessMode.BINDINGS, settings);
    }

    private TestHost(Environment environment, Optional<Boolean> ingress, ReadinessMode readiness,
            java.util.function.UnaryOperator<HealthServer.Builder> settings) {
        RuntimeContract contract = contract(environment, ingress, readiness);
        JsonLog log = JsonLog.to(new PrintStream(logs, true, StandardCharsets.UTF_8), JsonLog.Level.INFO);
        HostMetrics metrics = HostMetrics.create();
        host = RuntimeHostProcess.builder(contract, bus, TestHandler.registry())
                .handler(contract.handlers().get(0), local)
                .handler(contract.handlers().get(1), db)
                .handler(contract.handlers().get(2), cache)
                .observer(metrics)
                .log(log)
                .report("extra_section", () -> Map.of("answer", 42))
                .build();
        host.start();
        try {
            server = settings.apply(HealthServer.builder(HostStatus.of(host), host.bus(), metrics).log(log)).build().start();
        } catch (RuntimeException e) {
            host.shutdown();
            throw e;
        }
    }

    static TestHost start() {
        return new TestHost(Environment.DEV, Optional.empty(), b -> b);
    }

    static TestHost start(java.util.function.UnaryOperator<HealthServer.Builder> settings) {
        return new TestHost(Environment.DEV, Optional.empty(), settings);
    }

    static TestHost start(Environment environment, Optional<Boolean> ingress) {
        return new TestHost(environment, ingress, b -> b);
    }

    /** Starts a host whose contract sets {@code health.readiness} to {@code readiness}. */
    static TestHost start(ReadinessMode readiness) {
        return new TestHost(Environment.DEV, Optional.empty(), readiness, b -> b);
    }

    private static RuntimeContract contract(Environment environment, Optional<Boolean> ingress,
            ReadinessMode readiness) {
        // The db binding retries once and has a circuit breaker that opens after two failures.
        HandlerBinding db = new HandlerBinding(HandlerType.of("db"), "db", true, true, Optional.empty(),
                Optional.of(new HandlerBinding.RetryPolicy(1, BackoffStrategy.FIXED, Duration.ofMillis(1),
                        Duration.ofMillis(1), 0)),
                OptionalDouble.empty(), Optional.of(new HandlerBinding.CircuitBreakerSpec(2, 2,
                        Duration.ofMinutes(5), 1)), Optional.empty(), Map.of());
        List<HandlerBinding> bindings = List.of(binding(HandlerType.of("local"), "local", true), db,
                binding(HandlerType.of("local"), "cache", false));
        List<HostedNode> nodes = List.of(
                node("echo", io("local", "local.echo", "local.error")),
                node("store", io("db", "db.query")),
                node("memo", io("cache", "local.echo")));
        EventBusSpec bus = new EventBusSpec(BusKind.INMEMORY,
                new EventBusSpec.Topics(INPUT, OUTPUT, "onex.test.ops.error.v1"),
                new EventBusSpec.Backpressure(64, 64), Map.of());
        return new RuntimeContract(Path.of("runtime.yaml"), "1.0.0", "ops_host", "1.0.0", environment, bus,
                bindings, nodes, new HealthSpec(true, "127.0.0.1", 0, ingress, Optional.empty(), Optional.empty(),
                        HealthSpec.Limits.DEFAULTS, HealthSpec.DEFAULT_CHECK_INTERVAL, readiness),
                new ShutdownSpec(Duration.ofSeconds(10)));
    }

    private static HandlerBinding binding(HandlerType type, String name, boolean required) {
        return new HandlerBinding(type, name, true, required, Optional.empty(), Optional.empty(),
                OptionalDouble.empty(), Optional.empty(), Optional.empty(), Map.of());
    }

    private static HostedNode node(String slug, NodeContract.IoOperation io) {
        NodeContract contract = new NodeContract(Path.of(slug + ".yaml"), "1.0.0", slug, NodeType.EFFECT, "",
                List.of(io), List.of());
        return new HostedNode(slug, contract, HostedNode.Limits.NONE);
    }

    private static NodeContract.IoOperation io(String binding, String... operations) {
        return new NodeContract.IoOperation(binding, List.of(operations), List.of());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Publishes a request straight onto the bus, as a producer outside the server would. */
    void publish(Envelope request) {
        host.bus().publish(INPUT, request);
    }

    String logText() {
        return logs.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        local.release();
        db.release();
        cache.release();
        host.shutdown();
        server.stop();
        client.close();
    }
}
