package io.onex.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.HandlerType;
import io.onex.host.api.contract.BackoffStrategy;
import io.onex.host.api.contract.BusKind;
import io.onex.host.api.contract.ContractProblem.Severity;
import io.onex.host.api.contract.Environment;
import io.onex.host.api.contract.EventBusSpec.Backpressure;
import io.onex.host.api.contract.EventBusSpec.Topics;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.HandlerBinding.BulkheadSpec;
import io.onex.host.api.contract.HandlerBinding.CircuitBreakerSpec;
import io.onex.host.api.contract.HandlerBinding.RetryPolicy;
import io.onex.host.api.contract.HealthSpec;
import io.onex.host.api.contract.HostedNode;
import io.onex.host.api.contract.HostedNode.Limits;
import io.onex.host.api.contract.LoggingSpec;
import io.onex.host.api.contract.NodeContract.IoOperation;
import io.onex.host.api.contract.NodeType;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.api.contract.SecretRef;
import io.onex.host.api.contract.ShutdownSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Loads the good corpus and the quick-start example and checks the records they produce. */
class ContractLoaderGoodContractsTest {

    static final Path GOOD = Path.of("src/test/resources/contracts/good");

    private static final ValueResolver VARIABLES = ValueResolver.of(Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092",
            "API_HOST", "users.internal",
            "VAULT_ADDR", "https://vault.internal:8200"));

    private static LoadedContract load(String name) {
        return ContractLoader.create(TestHandlers.registry(), VARIABLES, LoadOptions.strict()).load(GOOD.resolve(name).resolve("runtime.yaml"));
    }

    @Test
    void aKafkaShapedContractLoadsItsRuntimeSectionWithResolvedVariables() {
        LoadedContract loaded = load("kafka");
        RuntimeContract contract = loaded.contract();

        assertThat(loaded.warnings()).isEmpty();
        assertThat(contract.source()).isEqualTo(GOOD.resolve("kafka/runtime.yaml"));
        assertThat(contract.schemaVersion()).isEqualTo("1.0.0");
        assertThat(contract.name()).isEqualTo("orders_host");
        assertThat(contract.version()).isEqualTo("1.4.2");
        assertThat(contract.environment()).isEqualTo(Environment.PROD);
        assertThat(contract.health()).isEqualTo(new HealthSpec(true, "0.0.0.0", 9090, Optional.empty(),
                Optional.of(Duration.ofSeconds(120)), Duration.ofSeconds(7)));
        assertThat(contract.shutdown()).isEqualTo(new ShutdownSpec(Duration.ofSeconds(45)));
        assertThat(contract.logging()).isEqualTo(new LoggingSpec(2.5, 5));
    }

    @Test
    void aKafkaShapedContractLoadsItsBusWithTypedClientPropertiesAndSecretReferences() {
        var bus = load("kafka").contract().eventBus();

        assertThat(bus.kind()).isEqualTo(BusKind.KAFKA);
        assertThat(bus.topics()).isEqualTo(new Topics("onex.acme.orders.cmd.v1", "onex.acme.orders.evt.v1",
                "onex.acme.orders.error.v1"));
        assertThat(bus.backpressure()).isEqualTo(new Backpressure(100, 80));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("security.protocol", "SASL_SSL");
        properties.put("sasl.mechanism", "PLAIN");
        properties.put("ssl.truststore.password", new SecretRef("env:KAFKA_TRUSTSTORE_PASSWORD"));
        properties.put("max.poll.records", 200);
        properties.put("enable.idempotence", true);
        assertThat(bus.config()).containsExactly(
                Map.entry("bootstrap_servers", "kafka-1:9092,kafka-2:9092"),
                Map.entry("consumer_group", "orders-host"),
                Map.entry("client_properties", properties));
    }

    @Test
    void aKafkaShapedContractLoadsAnHttpBindingWithEveryPolicy() {
        HandlerBinding http = load("kafka").contract().binding("http").orElseThrow();

        assertThat(http.type()).isEqualTo(HandlerType.of("http"));
        assertThat(http.enabled()).isTrue();
        assertThat(http.required()).isTrue();
        assertThat(http.timeout()).contains(Duration.ofSeconds(30));
        assertThat(http.retryPolicy()).contains(new RetryPolicy(3, BackoffStrategy.EXPONENTIAL,
                Duration.ofMillis(100), Duration.ofMillis(5000), 0.2));
        assertThat(http.rateLimitPerSecond()).isEqualTo(OptionalDouble.of(200));
        assertThat(http.circuitBreaker()).contains(new CircuitBreakerSpec(5, 10, Duration.ofMillis(5000), 1));
        assertThat(http.bulkhead()).contains(new BulkheadSpec(64, 256));
        assertThat(http.config()).containsExactly(
                Map.entry("base_url", "https://users.internal:8443/v1"),
                Map.entry("fail_on_5xx", true),
                Map.entry("max_request_bytes", 10_485_760),
                Map.entry("max_response_bytes", 10_485_760),
                Map.entry("follow_redirects", "normal"),
                Map.entry("default_headers", Map.of("Accept", "application/json",
                        "Authorization", new SecretRef("vault/orders/api#bearer"))));
    }

    @Test
    void aDbBindingMergesItsConfigRefUnderItsOwnConfigAndFillsInDefaults() {
        HandlerBinding db = load("kafka").contract().binding("orders_db").orElseThrow();

        assertThat(db.type()).isEqualTo(HandlerType.of("db"));
        assertThat(db.required()).isFalse();
        assertThat(db.retryPolicy()).isEmpty();
        assertThat(db.config()).containsExactly(
                Map.entry("url", "r2dbc:postgresql://db.internal:5432/orders"),
                Map.entry("username", "orders_app"),
                Map.entry("password", new SecretRef("db/orders#password")),
                Map.entry("pool_size", 10),
                Map.entry("acquire_timeout_ms", 2000),
                Map.entry("statement_timeout_ms", 30000),
                Map.entry("connect_timeout_ms", 5000),
                Map.entry("max_idle_ms", 1_800_000),
                Map.entry("ssl_mode", "verify-full"),
                Map.entry("max_rows", 10_000),
                Map.entry("max_result_bytes", 8 * 1024 * 1024),
                Map.entry("expose_database_errors", false));
    }

    @Test
    void vaultAndConsulBindingsGetTheirDefaultsButNoDefaultSecrets() {
        RuntimeContract contract = load("kafka").contract();

        assertThat(contract.binding("vault").orElseThrow().config()).containsExactly(
                Map.entry("address", "https://vault.internal:8200"),
                Map.entry("token", new SecretRef("env:VAULT_TOKEN")),
                Map.entry("kv_mount", "secret"),
                Map.entry("open_timeout_ms", 5000),
                Map.entry("read_timeout_ms", 5000));
        HandlerBinding consul = contract.binding("consul").orElseThrow();
        assertThat(consul.enabled()).isFalse();
        assertThat(consul.config()).containsExactly(Map.entry("address", "http://127.0.0.1:8500"),
                Map.entry("datacenter", "dc1"));
    }

    @Test
    void listedNodesGetTheirSlugsLimitsAndNodeContracts() {
        List<HostedNode> nodes = load("kafka").contract().nodes();

        assertThat(nodes).extracting(HostedNode::slug).containsExactly("user_service_effect", "order_store");
        HostedNode users = nodes.get(0);
        assertThat(users.limits()).isEqualTo(new Limits(OptionalInt.of(50), OptionalDouble.of(500), 200));
        assertThat(users.contract().source()).isEqualTo(GOOD.resolve("kafka/nodes/user_service_effect.yaml"));
        assertThat(users.contract().nodeType()).isEqualTo(NodeType.EFFECT);
        assertThat(users.contract().description()).isEqualTo("Fetches users from the user API");
        assertThat(users.contract().ioOperations()).containsExactly(
                new IoOperation("http", List.of("http.get"), List.of("https://api.example.com/users")));
        assertThat(users.contract().requiredInputs()).containsExactly("user_id");
        HostedNode store = nodes.get(1);
        assertThat(store.limits()).isEqualTo(Limits.NONE);
        assertThat(store.contract().ioOperations()).extracting(IoOperation::handler)
                .containsExactly("orders_db", "vault", "consul");
    }

    @Test
    void anchorsAliasesAndMergeKeysShareSettingsAndWrittenKeysWin() {
        RuntimeContract contract = load("anchors").contract();

        RetryPolicy base = new RetryPolicy(5, BackoffStrategy.FIXED, Duration.ofMillis(50), Duration.ofMillis(5000), 0.2);
        assertThat(contract.binding("fast_api").orElseThrow().retryPolicy()).contains(base);
        HandlerBinding slow = contract.binding("slow_api").orElseThrow();
        assertThat(slow.retryPolicy()).contains(new RetryPolicy(1, BackoffStrategy.FIXED, Duration.ofMillis(50),
                Duration.ofMillis(5000), 0.2));
        assertThat(slow.circuitBreaker()).contains(new CircuitBreakerSpec(3, 6, Duration.ofMillis(5000), 1));
        assertThat(slow.config()).containsEntry("fail_on_5xx", true).containsEntry("connect_timeout_ms", 1000)
                .containsEntry("follow_redirects", "always");
    }

    @Test
    void ofSeveralMergedMappingsTheEarlierOneWins() {
        RetryPolicy merged = load("anchors").contract().binding("merged_twice").orElseThrow().retryPolicy().orElseThrow();

        assertThat(merged).isEqualTo(new RetryPolicy(9, BackoffStrategy.FIXED, Duration.ofMillis(50),
                Duration.ofMillis(5000), 0.5));
    }

    @Test
    void nodesDirHostsEveryYamlFileByNameInFileNameOrderAfterTheListedNodes() {
        List<HostedNode> nodes = load("nodes_dir").contract().nodes();

        assertThat(nodes).extracting(HostedNode::slug).containsExactly("pinger_listed", "alpha", "middle", "zeta");
        assertThat(nodes.get(1).contract().source()).isEqualTo(GOOD.resolve("nodes_dir/nodes/alpha.yml"));
        assertThat(nodes.get(1).limits()).isEqualTo(Limits.NONE);
    }

    @Test
    void aMinimalContractGetsEveryDefaultAndAWarningAboutHavingNoHandlers() {
        LoadedContract loaded = load("minimal");
        RuntimeContract contract = loaded.contract();

        assertThat(contract.eventBus().kind()).isEqualTo(BusKind.INMEMORY);
        assertThat(contract.eventBus().topics()).isEqualTo(new Topics("onex.local.runtime.cmd.v1",
                "onex.local.runtime.evt.v1", "onex.local.runtime.error.v1"));
        assertThat(contract.eventBus().backpressure()).isEqualTo(new Backpressure(256, 204));
        assertThat(contract.eventBus().config()).isEmpty();
        assertThat(contract.handlers()).isEmpty();
        assertThat(contract.nodes()).isEmpty();
        assertThat(contract.health()).isEqualTo(new HealthSpec(false, "127.0.0.1", 8080, Optional.empty()));
        assertThat(contract.shutdown()).isEqualTo(new ShutdownSpec(Duration.ofSeconds(20)));
        assertThat(contract.logging()).isEqualTo(new LoggingSpec(10, 20));
        assertThat(loaded.warnings()).singleElement().satisfies(warning -> {
            assertThat(warning.severity()).isEqualTo(Severity.WARNING);
            assertThat(warning.line()).isEqualTo(3);
            assertThat(warning.problem()).contains("no handler bindings");
        });
    }

    @Test
    void theQuickStartExampleLoadsWithoutErrorsOrWarnings() {
        Path quickstart = Path.of(System.getProperty("user.dir")).resolve("../../examples/quickstart/runtime.yaml");

        LoadedContract loaded = ContractLoader.create(TestHandlers.registry(), ValueResolver.of(Map.of()), LoadOptions.strict()).load(quickstart);

        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.contract().handlers()).extracting(HandlerBinding::name)
                .containsExactly("local", "shouty", "whisper");
        assertThat(loaded.contract().nodes()).extracting(HostedNode::slug)
                .containsExactly("audit_log", "echo", "fault_drill", "greeter", "price_calculator");
    }
}
