package io.onex.wiring;

import io.onex.bus.kafka.KafkaEventBus;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.NodeCode;
import io.onex.host.api.contract.BusKind;
import io.onex.wiring.core.HostComposition;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A runtime host composed in code: the built-in handlers plus the handler factories an
 * application registers. The {@code onex-host} command is the composition of the built-in
 * handlers alone.
 *
 * <p>An application module that {@code requires io.onex.wiring} composes its own host from its
 * {@code main}:
 * <pre>{@code
 * public static void main(String[] args) {
 *     System.exit(OnexHost.builder().handler(new RedisHandlerFactory()).build().cli(args));
 * }
 * }</pre>
 * An application registers the code of its nodes the same way:
 * {@code OnexHost.builder().node("pricing", PricingNode::new)} (see {@link NodeCode}). It may also
 * run a host inside its own process, without the command line ({@link #start}):
 * <pre>{@code
 * try (RunningHost host = OnexHost.builder().build().start(Path.of("runtime.yaml"), Map.of("API_BASE", url))) {
 *     Envelope response = host.call(request, Duration.ofSeconds(5));
 * }
 * }</pre>
 * The set of handlers is fixed when the program is linked: no service loading, no reflection, no
 * class-path scanning. This module is the full host: it requires every built-in handler module and
 * the Kafka bus, so an application that {@code requires io.onex.wiring} has them all with a plain
 * {@code java -p ... -m app}. Smaller hosts are distributions composed the same way from the
 * handler-free core ({@code io.onex.wiring.core}), e.g. {@code io.onex.distribution.http.kafka}.
 */
public final class OnexHost {

    /** The name of this composition in messages: the full host. */
    static final String DISTRIBUTION = "full";

    private final HostComposition composition;

    private OnexHost(HostComposition composition) {
        this.composition = composition;
    }

    /** Returns a builder of a host that has the built-in handlers. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the host's handler factories: the built-in ones first, then the registered ones, in order. */
    public List<HandlerFactory> handlers() {
        return composition.handlers();
    }

    /**
     * Runs the {@code onex-host} command line with {@code args} and returns its exit code: 0 ok, 1
     * invalid contract or start-up failure, 2 usage. It behaves exactly like the {@code onex-host}
     * command, writing to standard output and standard error; {@code run} and {@code dev} return
     * once the host has stopped. Before any command, the registered factories are checked (SPI
     * version, type name, no type registered twice, operation names, secret keys): a problem is
     * one line on standard error and exit code 1.
     */
    public int cli(String... args) {
        return cli(System.out, System.err, args);
    }

    int cli(PrintStream out, PrintStream err, String... args) {
        return composition.cli(out, err, args);
    }

    /**
     * Starts the host of the runtime contract file {@code contract} in this process, with the
     * {@linkplain StartOptions#defaults() default options}; see
     * {@link #start(Path, Map, StartOptions)}.
     */
    public RunningHost start(Path contract, Map<String, String> variables) {
        return start(contract, variables, StartOptions.defaults());
    }

    /**
     * Starts the host of the runtime contract file {@code contract} in this process, as
     * {@code onex-host run} (or {@code dev}, see {@link StartOptions#dev()}) would, and returns it
     * running; close it to stop it. {@code variables} are the host's environment: they fill the
     * contract's {@code ${NAME}} placeholders, its {@code env:} secret references and the
     * {@code ONEX_BINDING_*} / {@code ONEX_NODE_*} overrides; the process's own environment
     * variables are not read (pass {@code System.getenv()} to use them). The health server is not
     * started, whatever {@code runtime.health} says.
     *
     * @throws io.onex.host.api.ContractValidationException with every problem of the contract,
     *                                                      each with file and line
     * @throws io.onex.host.api.OnexException when a registered factory or node code is malformed, the
     *                                        build cannot run the contract, a secret cannot be
     *                                        resolved or a handler cannot be initialised
     * @throws IllegalStateException          when another runtime host runs in this process
     */
    public RunningHost start(Path contract, Map<String, String> variables, StartOptions options) {
        return new RunningHost(composition.start(contract, variables, options.embedded()));
    }

    /** Builds an {@link OnexHost}. */
    public static final class Builder {
        private final HostComposition.Builder composition = HostComposition.builder(DISTRIBUTION)
                .bus(BusKind.KAFKA, KafkaEventBus::create)
                .vaultSecrets();

        private Builder() {
            BuiltInHandlers.factories().forEach(composition::handler);
        }

        /**
         * Registers a handler factory; any number may be registered. Its content is checked when
         * {@link OnexHost#cli} runs, not here.
         */
        public Builder handler(HandlerFactory factory) {
            composition.handler(factory);
            return this;
        }

        /**
         * Registers the code of the node whose contract is named {@code name} and says
         * {@code implementation: code}; the host makes one instance with {@code code} when it
         * starts (e.g. {@code node("pricing", PricingNode::new)}). The host refuses to start when a
         * contract asks for code no one registered, or code is registered for no contract.
         */
        public Builder node(String name, Supplier<? extends NodeCode> code) {
            composition.node(name, code);
            return this;
        }

        /** Returns the host. */
        public OnexHost build() {
            return new OnexHost(composition.build());
        }
    }
}
