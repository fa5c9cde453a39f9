package io.onex.contract;

import io.onex.host.api.ContractValidationException;
import io.onex.host.api.contract.BackoffStrategy;
import io.onex.host.api.contract.ContractProblem;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.HandlerBinding.BulkheadSpec;
import io.onex.host.api.contract.HandlerBinding.CircuitBreakerSpec;
import io.onex.host.api.contract.HandlerBinding.RetryPolicy;
import io.onex.host.api.contract.HostedNode;
import io.onex.host.api.contract.RuntimeContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Resolves the resilience settings the host runs with: a loaded contract's values with the
 * documented environment overrides applied. It reads the overrides once, at start-up, through
 * a {@link ValueResolver}; nothing reads them later, and handlers never do.
 *
 * <p>Precedence, highest first: an environment override, the value written in the contract, a
 * value from the binding's {@code config_ref} file (for {@code config} keys, merged by the
 * loader), the documented default. An override wins over the contract because it exists to
 * change a deployed contract without editing it; a value that must always come from the
 * environment is written as {@code ${VAR}} in the contract instead.
 *
 * <p>Variables are {@code ONEX_BINDING_<NAME>_<KEY>} for a binding and
 * {@code ONEX_NODE_<SLUG>_<KEY>} for a hosted node, where the name or slug is upper-cased with
 * {@code -} written as {@code _}, and the key is the contract's key path upper-cased with
 * {@code _} between its parts: {@code ONEX_BINDING_ORDERS_DB_TIMEOUT_MS},
 * {@code ONEX_BINDING_ORDERS_DB_RETRY_MAX_RETRIES}, {@code ONEX_NODE_CHECKOUT_MAX_CONCURRENT}.
 * Setting one key of a section the contract leaves out adds the section with its defaults.
 * A value that is not valid fails start-up, naming the variable.
 */
public final class HandlerConfigResolver {

    /** The prefix of every binding override. */
    public static final String BINDING_PREFIX = "ONEX_BINDING_";
    /** The prefix of every node override. */
    public static final String NODE_PREFIX = "ONEX_NODE_";

    /** The keys a binding override may set, as written after the binding's name. */
    public static final List<String> BINDING_KEYS = List.of("TIMEOUT_MS", "RETRY_MAX_RETRIES",
            "RETRY_BACKOFF_STRATEGY", "RETRY_BASE_DELAY_MS", "RETRY_MAX_DELAY_MS", "RETRY_JITTER",
            "RATE_LIMIT_PER_SECOND", "CIRCUIT_BREAKER_FAILURE_THRESHOLD", "CIRCUIT_BREAKER_WINDOW",
            "CIRCUIT_BREAKER_RESET_TIMEOUT_MS", "CIRCUIT_BREAKER_SUCCESS_THRESHOLD", "BULKHEAD_MAX_CONCURRENT",
            "BULKHEAD_QUEUE");
    /** The keys a node override may set, as written after the node's slug. */
    public static final List<String> NODE_KEYS = List.of("MAX_CONCURRENT", "RATE_PER_SECOND", "QUEUE");

    private final ValueResolver environment;

    private HandlerConfigResolver(ValueResolver environment) {
        this.environment = environment;
    }

    /** Returns a resolver that reads overrides from {@code environment}. */
    public static HandlerConfigResolver create(ValueResolver environment) {
        return new HandlerConfigResolver(Objects.requireNonNull(environment, "environment"));
    }

    /**
     * What resolving gave: the contract to run and the overrides that changed it.
     *
     * @param contract  the contract with every override applied
     * @param overrides the names of the variables that were set, in the order applied (names
     *                  only: the values are in the contract)
     */
    public record Resolved(RuntimeContract contract, List<String> overrides) {
        public Resolved {
            Objects.requireNonNull(contract, "contract");
            overrides = List.copyOf(overrides);
        }
    }

    /** Returns the variable that overrides {@code key} of binding {@code binding}. */
    public static String bindingVariable(String binding, String key) {
        return BINDING_PREFIX + upper(binding) + "_" + key;
    }

    /** Returns the variable that overrides {@code key} of the node with slug {@code slug}. */
    public static String nodeVariable(String slug, String key) {
        return NODE_PREFIX + upper(slug) + "_" + key;
    }

    private static String upper(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * Applies the overrides to {@code contract}.
     *
     * @throws ContractValidationException naming every variable whose value is not valid
     */
    public Resolved resolve(RuntimeContract contract) {
        Reader reader = new Reader(contract);
        List<HandlerBinding> bindings = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (HandlerBinding binding : contract.handlers()) {
            String first = seen.putIfAbsent(upper(binding.name()), binding.name());
            if (first != null && BINDING_KEYS.stream().anyMatch(k -> reader.isSet(bindingVariable(first, k)))) {
                reader.problem(bindingVariable(first, "*") + " is ambiguous: bindings '" + first + "' and '"
                        + binding.name() + "' both map to it", "rename one of the bindings");
            }
            bindings.add(binding(reader, binding));
        }
        List<HostedNode> nodes = contract.nodes().stream().map(node -> node(reader, node)).toList();
        if (!reader.problems.isEmpty()) {
            throw new ContractValidationException(reader.problems);
        }
        RuntimeContract resolved = reader.applied.isEmpty() ? contract : new RuntimeContract(contract.source(),
                contract.schemaVersion(), contract.name(), contract.version(), contract.environment(),
                contract.eventBus(), bindings, nodes, contract.health(), contract.shutdown(), contract.secrets(),
                contract.logging(), contract.tracing());
        return new Resolved(resolved, reader.applied);
    }

    private static HandlerBinding binding(Reader reader, HandlerBinding binding) {
        String name = binding.name();
        Optional<Duration> timeout = reader.integer(bindingVariable(name, "TIMEOUT_MS"), 1)
                .<Optional<Duration>>map(ms -> Optional.of(Duration.ofMillis(ms))).orElse(binding.timeout());
        OptionalDouble rate = reader.positive(bindingVariable(name, "RATE_LIMIT_PER_SECOND"))
                .map(OptionalDouble::of).orElse(binding.rateLimitPerSecond());
        return new HandlerBinding(binding.type(), name, binding.enabled(), binding.required(), timeout,
                retry(reader, name, binding.retryPolicy()), rate, breaker(reader, name, binding.circuitBreaker()),
                bulkhead(reader, name, binding.bulkhead()), binding.config());
    }

    private static Optional<RetryPolicy> retry(Reader reader, String name, Optional<RetryPolicy> written) {
        Optional<Integer> retries = reader.integerBetween(bindingVariable(name, "RETRY_MAX_RETRIES"), 0, 100);
        Optional<BackoffStrategy> strategy = reader.strategy(bindingVariable(name, "RETRY_BACKOFF_STRATEGY"));
        Optional<Integer> base = reader.integer(bindingVariable(name, "RETRY_BASE_DELAY_MS"), 1);
        Optional<Integer> max = reader.integer(bindingVariable(name, "RETRY_MAX_DELAY_MS"), 1);
        Optional<Double> jitter = reader.fraction(bindingVariable(name, "RETRY_JITTER"));
        if (retries.isEmpty() && strategy.isEmpty() && base.isEmpty() && max.isEmpty() && jitter.isEmpty()) {
            return written;
        }
        long baseMs = base.map(Integer::longValue).orElse(written.map(r -> r.baseDelay().toMillis()).orElse(100L));
        long maxMs = max.map(Integer::longValue).orElse(written.map(r -> r.maxDelay().toMillis())
                .orElse(Math.max(5_000L, baseMs)));
        if (maxMs < baseMs) {
            reader.problem("the retry policy of binding '" + name + "' would wait at most " + maxMs
                    + " ms but at first " + baseMs + " ms (" + bindingVariable(name, "RETRY_MAX_DELAY_MS") + ", "
                    + bindingVariable(name, "RETRY_BASE_DELAY_MS") + ")", "make the maximum at least the base delay");
            maxMs = baseMs;
        }
        return Optional.of(new RetryPolicy(
                retries.orElse(written.map(RetryPolicy::maxRetries).orElse(3)),
                strategy.orElse(written.map(RetryPolicy::backoffStrategy).orElse(BackoffStrategy.EXPONENTIAL)),
                Duration.ofMillis(baseMs), Duration.ofMillis(maxMs),
                jitter.orElse(written.map(RetryPolicy::jitter).orElse(0.2))));
    }

    private static Optional<CircuitBreakerSpec> breaker(Reader reader, String name,
            Optional<CircuitBreakerSpec> written) {
        Optional<Integer> threshold = reader.integer(bindingVariable(name, "CIRCUIT_BREAKER_FAILURE_THRESHOLD"), 1);
        Optional<Integer> window = reader.integer(bindingVariable(name, "CIRCUIT_BREAKER_WINDOW"), 1);
        Optional<Integer> reset = reader.integer(bindingVariable(name, "CIRCUIT_BREAKER_RESET_TIMEOUT_MS"), 1);
        Optional<Integer> successes = reader.integer(bindingVariable(name, "CIRCUIT_BREAKER_SUCCESS_THRESHOLD"), 1);
        if (threshold.isEmpty() && window.isEmpty() && reset.isEmpty() && successes.isEmpty()) {
            return written;
        }
        int failures = threshold.orElse(written.map(CircuitBreakerSpec::failureThreshold).orElse(5));
        int size = window.orElse(written.map(CircuitBreakerSpec::window).orElse(Math.max(10, failures)));
        if (size < failures) {
            reader.problem("the circuit breaker of binding '" + name + "' would need " + failures
                    + " failures in a window of " + size + " calls and could never open ("
                    + bindingVariable(name, "CIRCUIT_BREAKER_WINDOW") + ", "
                    + bindingVariable(name, "CIRCUIT_BREAKER_FAILURE_THRESHOLD") + ")",
                    "make the window at least the failure threshold");
            size = failures;
        }
        return Optional.of(new CircuitBreakerSpec(failures, size,
                reset.<Duration>map(ms -> Duration.ofMillis(ms))
                        .orElse(written.map(CircuitBreakerSpec::resetTimeout).orElse(Duration.ofMillis(5_000))),
                successes.orElse(written.map(CircuitBreakerSpec::successThreshold).orElse(1))));
    }

    private static Optional<BulkheadSpec> bulkhead(Reader reader, String name, Optional<BulkheadSpec> written) {
        Optional<Integer> max = reader.integer(bindingVariable(name, "BULKHEAD_MAX_CONCURRENT"), 1);
        Optional<Integer> queue = reader.integer(bindingVariable(name, "BULKHEAD_QUEUE"), 0);
        if (max.isEmpty() && queue.isEmpty()) {
            return written;
        }
        return Optional.of(new BulkheadSpec(max.orElse(written.map(BulkheadSpec::maxConcurrent).orElse(64)),
                queue.orElse(written.map(BulkheadSpec::queue).orElse(256))));
    }

    private static HostedNode node(Reader reader, HostedNode node) {
        Optional<Integer> max = reader.integer(nodeVariable(node.slug(), "MAX_CONCURRENT"), 1);
        Optional<Double> rate = reader.positive(nodeVariable(node.slug(), "RATE_PER_SECOND"));
        Optional<Integer> queue = reader.integer(nodeVariable(node.slug(), "QUEUE"), 0);
        if (max.isEmpty() && rate.isEmpty() && queue.isEmpty()) {
            return node;
        }
        HostedNode.Limits written = node.limits();
        return new HostedNode(node.slug(), node.contract(), new HostedNode.Limits(
                max.map(OptionalInt::of).orElse(written.maxConcurrent()),
                rate.map(OptionalDouble::of).orElse(written.ratePerSecond()),
                queue.orElse(written.queue())));
    }

    /** Reads and checks variables, collecting what was applied and what was wrong. */
    private final class Reader {
        private final RuntimeContract contract;
        private final List<ContractProblem> problems = new ArrayList<>();
        private final List<String> applied = new ArrayList<>();

        Reader(RuntimeContract contract) {
            this.contract = contract;
        }

        boolean isSet(String variable) {
            return environment.lookup(variable).isPresent();
        }

        private Optional<String> text(String variable) {
            Optional<String> value = environment.lookup(variable).map(String::strip);
            value.ifPresent(v -> applied.add(variable));
            return value;
        }

        Optional<Integer> integer(String variable, int min) {
            return integerBetween(variable, min, Integer.MAX_VALUE);
        }

        Optional<Integer> integerBetween(String variable, int min, int max) {
            return text(variable).flatMap(value -> {
                try {
                    int number = Integer.parseInt(value);
                    if (number >= min && number <= max) {
                        return Optional.of(number);
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                problem(variable + " must be a whole number " + (max == Integer.MAX_VALUE ? "of at least " + min
                        : "between " + min + " and " + max) + ", found '" + value + "'", "set it to such a number, "
                        + "or unset it to use the contract's value");
                return Optional.empty();
            });
        }

        Optional<Double> positive(String variable) {
            return number(variable, false, Double.MAX_VALUE, "a number greater than 0");
        }

        Optional<Double> fraction(String variable) {
            return number(variable, true, 1, "a number from 0 to 1");
        }

        private Optional<Double> number(String variable, boolean zeroAllowed, double max, String expected) {
            return text(variable).flatMap(value -> {
                try {
                    double number = Double.parseDouble(value);
                    if (Double.isFinite(number) && (zeroAllowed ? number >= 0 : number > 0) && number <= max) {
                        return Optional.of(number);
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                problem(variable + " must be " + expected + ", found '" + value + "'",
                        "set it to " + expected + ", or unset it to use the contract's value");
                return Optional.empty();
            });
        }

        Optional<BackoffStrategy> strategy(String variable) {
            return text(variable).flatMap(value -> {
                Optional<BackoffStrategy> strategy = BackoffStrategy.fromWireName(value.toLowerCase(Locale.ROOT));
                if (strategy.isEmpty()) {
                    problems.add(ContractProblem.error(contract.source(), 0, 0, variable
                            + " must be a backoff strategy, found '" + value + "'", BackoffStrategy.wireNames(),
                            "set it to one of the valid choices"));
                }
                return strategy;
            });
        }

        void problem(String message, String fix) {
            problems.add(ContractProblem.error(contract.source(), 0, 0, message, List.of(), fix));
        }
    }
}
