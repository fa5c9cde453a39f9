package io.onex.wiring.core;

import io.onex.host.api.HandlerFactory;
import io.onex.host.api.HandlerType;
import io.onex.host.api.NodeCode;
import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.contract.BusKind;
import io.onex.host.core.HandlerRegistry;
import io.onex.wiring.core.internal.SecretSources;
import io.onex.wiring.core.internal.Wiring;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A host composed in code from the handler-free core: the handler factories, the buses beyond the
 * in-memory one, the secret sources and the node code that one composition module registers.
 *
 * <p>The compositions are modules of their own, each with its {@code main}: {@code io.onex.wiring}
 * (the full host, {@code OnexHost}: every built-in handler and the Kafka bus) and one module per
 * shipped distribution, such as {@code io.onex.distribution.http.kafka}. A composition module
 * {@code requires} exactly the handler and bus modules it registers here, so
 * {@code java -p ... -m <composition>} has those handlers and no others, with no option to add.
 * Nothing is looked up: no service loading, no reflection, no scanning.
 */
public final class HostComposition {

    /** The built-in handler types by name, with their modules, for the message that one is left out. */
    private static final Map<String, String> BUILT_IN_MODULES = builtInModules();

    private final String distribution;
    private final List<HandlerFactory> handlers;
    private final Map<BusKind, BusFactory> buses;
    private final boolean vaultSecrets;
    private final Map<String, Supplier<? extends NodeCode>> nodes;
    private final List<String> nodeProblems;

    private HostComposition(Builder builder) {
        this.distribution = builder.distribution;
        this.handlers = List.copyOf(builder.handlers);
        this.buses = Collections.unmodifiableMap(new EnumMap<>(builder.buses));
        this.vaultSecrets = builder.vaultSecrets;
        this.nodes = Collections.unmodifiableMap(new LinkedHashMap<>(builder.nodes));
        this.nodeProblems = List.copyOf(builder.nodeProblems);
    }

    /**
     * Returns a builder of the composition named {@code distribution} (e.g. {@code full},
     * {@code http-kafka}), the name that messages about what it leaves out use.
     */
    public static Builder builder(String distribution) {
        return new Builder(distribution);
    }

    /** Returns the composition's handler factories, in registration order. */
    public List<HandlerFactory> handlers() {
        return handlers;
    }

    /** Runs the {@code onex-host} command line on standard output and error; see {@link #cli(PrintStream, PrintStream, String...)}. */
    public int cli(String... args) {
        return cli(System.out, System.err, args);
    }

    /**
     * Runs the {@code onex-host} command line with {@code args} and returns its exit code: 0 ok, 1
     * invalid contract or start-up failure, 2 usage. Before any command, the registered factories
     * are checked (SPI version, type name, no type registered twice, operation names, secret
     * keys) and so is the node code: a problem is one line on {@code err} and exit code 1.
     */
    public int cli(PrintStream out, PrintStream err, String... args) {
        try {
            List<String> problems = new ArrayList<>(FactoryProblems.of(handlers));
            problems.addAll(nodeProblems);
            if (!problems.isEmpty()) {
                problems.forEach(problem -> err.println("onex-host: " + problem));
                return HostCli.INVALID;
            }
            return HostCli.run(wiring(), args, out, err);
        } catch (RuntimeException e) {
            return HostCli.defect(e, err);
        }
    }

    /**
     * Starts the host of {@code contract} in this process, with {@code variables} for its
     * {@code ${NAME}}s and {@code env:} secrets; see {@link EmbeddedHost}. The registered
     * factories and node code are checked first, as {@link #cli} checks them.
     *
     * @throws ProtocolConfigurationException naming every problem of the registered factories or node code
     * @throws io.onex.host.api.ContractValidationException with every problem of the contract
     * @throws io.onex.host.api.OnexException when the host cannot be built or started
     * @throws IllegalStateException          when another runtime host runs in this process
     */
    public EmbeddedHost start(Path contract, Map<String, String> variables, EmbeddedHost.Options options) {
        List<String> problems = new ArrayList<>(FactoryProblems.of(handlers));
        problems.addAll(nodeProblems);
        if (!problems.isEmpty()) {
            throw new ProtocolConfigurationException(String.join("; ", problems));
        }
        return EmbeddedHost.start(wiring(), Objects.requireNonNull(contract, "contract"),
                Map.copyOf(variables), Objects.requireNonNull(options, "options"));
    }

    /** The wiring of this composition; the built-in handler types it leaves out are named in contract errors. */
    private Wiring wiring() {
        HandlerRegistry registry = HandlerRegistry.of(handlers).withNodes(nodes);
        Map<String, String> leftOut = new LinkedHashMap<>();
        BUILT_IN_MODULES.forEach((type, module) -> {
            if (registry.type(type).isEmpty()) {
                leftOut.put(type, "the " + distribution + " distribution of the host does not include it (module "
                        + module + " is not linked); run the contract with the full host (./onex-host, the default"
                        + " image)");
            }
        });
        Wiring wiring = Wiring.of(registry.withLeftOut(leftOut)).withSecretSources(
                vaultSecrets ? SecretSources.withVault() : SecretSources.withoutVault(distribution));
        for (Map.Entry<BusKind, BusFactory> bus : buses.entrySet()) {
            wiring = wiring.withBus(bus.getKey(), bus.getValue());
        }
        return wiring;
    }

    private static Map<String, String> builtInModules() {
        Map<String, String> modules = new LinkedHashMap<>();
        for (String type : List.of("local", "http", "db", "vault", "consul")) {
            modules.put(type, "io.onex.handler." + type);
        }
        return Collections.unmodifiableMap(modules);
    }

    /** Builds a {@link HostComposition}. */
    public static final class Builder {
        private final String distribution;
        private final List<HandlerFactory> handlers = new ArrayList<>();
        private final Map<BusKind, BusFactory> buses = new EnumMap<>(BusKind.class);
        private boolean vaultSecrets;
        private final Map<String, Supplier<? extends NodeCode>> nodes = new LinkedHashMap<>();
        private final List<String> nodeProblems = new ArrayList<>();

        private Builder(String distribution) {
            this.distribution = Objects.requireNonNull(distribution, "distribution");
        }

        /**
         * Registers a handler factory; any number may be registered. Its content is checked when
         * {@link HostComposition#cli} runs, not here.
         */
        public Builder handler(HandlerFactory factory) {
            handlers.add(Objects.requireNonNull(factory, "factory"));
            return this;
        }

        /** Registers the bus of {@code kind} (the in-memory bus is always there). */
        public Builder bus(BusKind kind, BusFactory factory) {
            buses.put(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(factory, "factory"));
            return this;
        }

        /**
         * Says that the composition's module graph has the Vault client ({@code io.onex.client.vault},
         * which {@code io.onex.secrets} requires {@code static}), so contracts may configure
         * {@code runtime.secrets.vault}; without it such a contract is refused, naming the distribution.
         */
        public Builder vaultSecrets() {
            vaultSecrets = true;
            return this;
        }

        /**
         * Registers the code of the node whose contract is named {@code name} and says
         * {@code implementation: code}; the host makes one instance with {@code code} when it
         * starts. The host refuses to start when a contract asks for code no one registered, or
         * code is registered for no contract.
         */
        public Builder node(String name, Supplier<? extends NodeCode> code) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(code, "code");
            if (!HandlerType.isWellFormed(name)) {
                nodeProblems.add("node code registered as '" + name + "': a node name is lowercase letters, digits"
                        + " and _, starting with a letter, as in the node contract's name");
            } else if (nodes.putIfAbsent(name, code) != null) {
                nodeProblems.add("node code for '" + name + "' is registered twice; register each node once");
            }
            return this;
        }

        /** Returns the composition. */
        public HostComposition build() {
            return new HostComposition(this);
        }
    }
}
