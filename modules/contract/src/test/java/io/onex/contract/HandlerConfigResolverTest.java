package io.onex.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.onex.host.api.ContractValidationException;
import io.onex.host.api.contract.BackoffStrategy;
import io.onex.host.api.contract.ContractProblem;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.HostedNode;
import io.onex.host.api.contract.RuntimeContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlerConfigResolverTest {

    @TempDir
    Path folder;

    private RuntimeContract contract;

    @BeforeEach
    void loadContract() {
        ContractFiles.write(folder, "nodes/checkout.yaml", """
                schema_version: "1.0.0"
                name: checkout
                node_type: EFFECT
                io_operations:
                  - handler: orders-db
                    operations: [local.echo]
                """);
        Path runtime = ContractFiles.write(folder, "runtime.yaml", ContractFiles.HEAD + """
                  handlers:
                    - type: local
                      name: orders-db
                      timeout_ms: 2000
                      retry_policy: { max_retries: 2, base_delay_ms: 50 }
                    - type: local
                      name: plain
                  nodes:
                    - contract: nodes/checkout.yaml
                      limits: { max_concurrent: 10 }
                """);
        contract = ContractLoader.create(TestHandlers.registry(), ValueResolver.of(Map.of()), LoadOptions.strict()).load(runtime).contract();
    }

    private HandlerConfigResolver.Resolved resolve(Map<String, String> variables) {
        return HandlerConfigResolver.create(ValueResolver.of(variables)).resolve(contract);
    }

    private static HandlerBinding binding(HandlerConfigResolver.Resolved resolved, String name) {
        return resolved.contract().binding(name).orElseThrow();
    }

    @Test
    void withoutOverridesTheContractIsUsedAsLoaded() {
        HandlerConfigResolver.Resolved resolved = resolve(Map.of());
        assertThat(resolved.contract()).isSameAs(contract);
        assertThat(resolved.overrides()).isEmpty();
    }

    @Test
    void anOverrideWinsOverTheContractAndKeepsTheRestOfTheSection() {
        HandlerConfigResolver.Resolved resolved = resolve(Map.of(
                "ONEX_BINDING_ORDERS_DB_TIMEOUT_MS", "500",
                "ONEX_BINDING_ORDERS_DB_RETRY_MAX_RETRIES", "5",
                "ONEX_BINDING_ORDERS_DB_RETRY_BACKOFF_STRATEGY", "fixed"));
        HandlerBinding orders = binding(resolved, "orders-db");
        assertThat(orders.timeout()).contains(Duration.ofMillis(500));
        assertThat(orders.retryPolicy().orElseThrow().maxRetries()).isEqualTo(5);
        assertThat(orders.retryPolicy().orElseThrow().backoffStrategy()).isEqualTo(BackoffStrategy.FIXED);
        assertThat(orders.retryPolicy().orElseThrow().baseDelay()).as("kept from the contract")
                .isEqualTo(Duration.ofMillis(50));
        assertThat(resolved.overrides()).containsExactlyInAnyOrder("ONEX_BINDING_ORDERS_DB_TIMEOUT_MS",
                "ONEX_BINDING_ORDERS_DB_RETRY_MAX_RETRIES", "ONEX_BINDING_ORDERS_DB_RETRY_BACKOFF_STRATEGY");
    }

    @Test
    void anOverrideOfASectionTheContractLeavesOutAddsItWithItsDefaults() {
        HandlerConfigResolver.Resolved resolved = resolve(Map.of(
                "ONEX_BINDING_PLAIN_CIRCUIT_BREAKER_FAILURE_THRESHOLD", "3",
                "ONEX_BINDING_PLAIN_BULKHEAD_QUEUE", "0",
                "ONEX_BINDING_PLAIN_RATE_LIMIT_PER_SECOND", "0.5"));
        HandlerBinding plain = binding(resolved, "plain");
        assertThat(plain.circuitBreaker().orElseThrow()).isEqualTo(
                new HandlerBinding.CircuitBreakerSpec(3, 10, Duration.ofMillis(5_000), 1));
        assertThat(plain.bulkhead().orElseThrow()).isEqualTo(new HandlerBinding.BulkheadSpec(64, 0));
        assertThat(plain.rateLimitPerSecond()).hasValue(0.5);
        assertThat(plain.retryPolicy()).isEmpty();
    }

    @Test
    void nodeLimitsCanBeOverridden() {
        HandlerConfigResolver.Resolved resolved = resolve(Map.of("ONEX_NODE_CHECKOUT_RATE_PER_SECOND", "25"));
        HostedNode checkout = resolved.contract().nodes().getFirst();
        assertThat(checkout.limits().ratePerSecond()).hasValue(25);
        assertThat(checkout.limits().maxConcurrent()).as("kept from the contract").hasValue(10);
        assertThat(checkout.limits().queue()).as("the default").isEqualTo(HostedNode.Limits.DEFAULT_QUEUE);
    }

    @Test
    void aNodesQueueCanBeOverriddenAndZeroTurnsItOff() {
        HostedNode checkout = resolve(Map.of("ONEX_NODE_CHECKOUT_QUEUE", "0")).contract().nodes().getFirst();
        assertThat(checkout.limits().queue()).isZero();
        assertThat(checkout.limits().maxConcurrent()).as("kept from the contract").hasValue(10);
        ContractValidationException failure = catchThrowableOfType(ContractValidationException.class,
                () -> resolve(Map.of("ONEX_NODE_CHECKOUT_QUEUE", "-1")));
        assertThat(failure.problems()).extracting(ContractProblem::problem).containsExactly(
                "ONEX_NODE_CHECKOUT_QUEUE must be a whole number of at least 0, found '-1'");
    }

    @Test
    void anInvalidOverrideFailsStartUpNamingTheVariable() {
        ContractValidationException failure = catchThrowableOfType(ContractValidationException.class,
                () -> resolve(Map.of("ONEX_BINDING_ORDERS_DB_TIMEOUT_MS", "fast",
                        "ONEX_BINDING_ORDERS_DB_RETRY_BACKOFF_STRATEGY", "linear",
                        "ONEX_NODE_CHECKOUT_MAX_CONCURRENT", "0")));
        assertThat(failure.problems()).extracting(ContractProblem::problem).containsExactlyInAnyOrder(
                "ONEX_BINDING_ORDERS_DB_TIMEOUT_MS must be a whole number of at least 1, found 'fast'",
                "ONEX_BINDING_ORDERS_DB_RETRY_BACKOFF_STRATEGY must be a backoff strategy, found 'linear'",
                "ONEX_NODE_CHECKOUT_MAX_CONCURRENT must be a whole number of at least 1, found '0'");
        assertThat(failure.problems()).allSatisfy(problem ->
                assertThat(problem.file()).isEqualTo(contract.source()));
    }

    @Test
    void overridesThatContradictEachOtherFailStartUp() {
        ContractValidationException failure = catchThrowableOfType(ContractValidationException.class,
                () -> resolve(Map.of("ONEX_BINDING_PLAIN_CIRCUIT_BREAKER_FAILURE_THRESHOLD", "20",
                        "ONEX_BINDING_PLAIN_CIRCUIT_BREAKER_WINDOW", "10",
                        "ONEX_BINDING_ORDERS_DB_RETRY_MAX_DELAY_MS", "10")));
        assertThat(failure.problems()).extracting(ContractProblem::problem).anySatisfy(problem ->
                assertThat(problem).contains("could never open", "ONEX_BINDING_PLAIN_CIRCUIT_BREAKER_WINDOW"))
                .anySatisfy(problem -> assertThat(problem).contains("would wait at most 10 ms but at first 50 ms"));
    }

    @Test
    void variableNamesAreTheUpperCasedNameWithUnderscoresForDashes() {
        assertThat(HandlerConfigResolver.bindingVariable("orders-db", "TIMEOUT_MS"))
                .isEqualTo("ONEX_BINDING_ORDERS_DB_TIMEOUT_MS");
        assertThat(HandlerConfigResolver.nodeVariable("checkout", "MAX_CONCURRENT"))
                .isEqualTo("ONEX_NODE_CHECKOUT_MAX_CONCURRENT");
    }
}
