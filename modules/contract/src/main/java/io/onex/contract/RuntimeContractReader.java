package io.onex.contract;

import io.onex.host.api.contract.Environment;
import io.onex.host.api.contract.EventBusSpec;
import io.onex.host.api.contract.HealthSpec;
import io.onex.host.api.contract.HostedNode;
import io.onex.host.api.contract.LoggingSpec;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.api.contract.SecretsSpec;
import io.onex.host.api.contract.ShutdownSpec;
import io.onex.host.api.contract.TracingSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;

/** Reads a runtime host contract file, with its node contracts, into a {@link RuntimeContract}. */
final class RuntimeContractReader {

    static final List<String> TOP_KEYS = List.of("schema_version", "runtime");
    static final List<String> RUNTIME_KEYS = List.of("name", "version", "environment", "event_bus", "handlers",
            "nodes", "nodes_dir", "health", "shutdown", "secrets", "logging", "tracing");
    static final List<String> SHUTDOWN_KEYS = List.of("grace_seconds");
    static final List<String> LOGGING_KEYS = List.of("failed_envelopes_per_second", "failed_envelopes_burst");
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    private final LoadContext context;

    RuntimeContractReader(LoadContext context) {
        this.context = context;
    }

    /** Returns the contract, or empty when problems were reported that prevent building it. */
    Optional<RuntimeContract> read(Path file) {
        Optional<MappingNode> root = YamlFiles.readMapping(context, file, "runtime contract",
                "schema_version: \"1.0.0\" and a runtime: section");
        if (root.isEmpty()) {
            return Optional.empty();
        }
        Fields top = Fields.of(context, root.get(), "", TOP_KEYS).orElseThrow();
        Optional<String> schema = SchemaVersion.read(top);
        Optional<Fields> section = top.required("runtime", "runtime: with name, version and environment")
                .flatMap(node -> Fields.of(context, node, "runtime", RUNTIME_KEYS));
        top.finish();
        if (section.isEmpty()) {
            return Optional.empty();
        }
        Fields runtime = section.get();
        Optional<String> name = runtime.matching("name", NAME, "lowercase letters, digits, '_' and '-'", "orders_host",
                true);
        Optional<String> version = runtime.requiredString("version", "version: \"1.0.0\"");
        Optional<Environment> environment = runtime.choice("environment", "environment", Environment.wireNames(),
                Environment::fromWireName, Optional.of("environment: dev"));
        Optional<EventBusSpec> bus = new EventBusReader(context).read(runtime);
        BindingsReader.Result bindings = new BindingsReader(context, file).read(runtime, environment);
        NodeContractReader nodeReader = new NodeContractReader(context, bindings.declared());
        List<HostedNode> nodes = new HostedNodesReader(context, file, nodeReader).read(runtime);
        environment.ifPresent(env -> FactoryChecks.check(context, runtime.keyNode("handlers").orElse(runtime.node()),
                env, bindings.bindings(), bindings.positions(), nodes));
        HealthSpec health = new HealthReader(context).read(runtime);
        ShutdownSpec shutdown = shutdown(runtime);
        SecretsSpec secrets = new SecretsReader(context).read(runtime, bindings.bindings());
        LoggingSpec logging = logging(runtime);
        Optional<TracingSpec> tracing = TracingReader.read(runtime);
        runtime.finish();
        if (context.problems().hasErrors()) {
            return Optional.empty();
        }
        return Optional.of(new RuntimeContract(file, schema.orElseThrow(), name.orElseThrow(), version.orElseThrow(),
                environment.orElseThrow(), bus.orElseThrow(), bindings.bindings(), nodes, health, shutdown, secrets,
                logging, tracing));
    }

    private static ShutdownSpec shutdown(Fields runtime) {
        return runtime.mapping("shutdown", SHUTDOWN_KEYS).map(shutdown -> {
            int grace = shutdown.integer("grace_seconds", 20, 0, 3_600);
            shutdown.finish();
            return new ShutdownSpec(Duration.ofSeconds(grace));
        }).orElse(new ShutdownSpec(Duration.ofSeconds(20)));
    }

    private static LoggingSpec logging(Fields runtime) {
        return runtime.mapping("logging", LOGGING_KEYS).map(logging -> {
            double rate = logging.number("failed_envelopes_per_second", 0, false, 1_000_000)
                    .orElse(LoggingSpec.DEFAULT_FAILED_ENVELOPES_PER_SECOND);
            int burst = logging.integer("failed_envelopes_burst", LoggingSpec.DEFAULT_FAILED_ENVELOPES_BURST, 1,
                    1_000_000);
            logging.finish();
            return new LoggingSpec(rate, burst);
        }).orElse(LoggingSpec.defaults());
    }
}
