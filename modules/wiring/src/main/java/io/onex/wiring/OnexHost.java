package io.onex.wiring;

import io.onex.host.api.HandlerFactory;
import io.onex.host.api.HandlerType;
import io.onex.host.api.NodeCode;
import io.onex.host.core.HandlerRegistry;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * {@code OnexHost.builder().node("pricing", PricingNode::new)} (see {@link NodeCode}).
 * The set of handlers is fixed when the program is linked: no service loading, no reflection, no
 * class-path scanning. Only this module calls a factory's {@code create}.
 */
public final class OnexHost {

    private final List<HandlerFactory> handlers;
    private final Map<String, Supplier<? extends NodeCode>> nodes;
    private final List<String> nodeProblems;

    private OnexHost(Builder builder) {
        this.handlers = List.copyOf(builder.handlers);
        this.nodes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(builder.nodes));
        this.nodeProblems = List.copyOf(builder.nodeProblems);
    }

    /** Returns a builder of a host that has the built-in handlers. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the host's handler factories: the built-in ones first, then the registered ones, in order. */
    public List<HandlerFactory> handlers() {
        return handlers;
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
        try {
            List<String> problems = new ArrayList<>(FactoryProblems.of(handlers));
            problems.addAll(nodeProblems);
            if (!problems.isEmpty()) {
                problems.forEach(problem -> err.println("onex-host: " + problem));
                return Main.INVALID;
            }
            return Main.run(HandlerRegistry.of(handlers).withNodes(nodes), args, out, err);
        } catch (RuntimeException e) {
            return Main.defect(e, err);
        }
    }

    /** Builds an {@link OnexHost}. */
    public static final class Builder {
        private final List<HandlerFactory> handlers = new ArrayList<>(BuiltInHandlers.factories());
        private final Map<String, Supplier<? extends NodeCode>> nodes = new LinkedHashMap<>();
        private final List<String> nodeProblems = new ArrayList<>();

        private Builder() {
        }

        /**
         * Registers a handler factory; any number may be registered. Its content is checked when
         * {@link OnexHost#cli} runs, not here.
         */
        public Builder handler(HandlerFactory factory) {
            handlers.add(Objects.requireNonNull(factory, "factory"));
            return this;
        }

        /**
         * Registers the code of the node whose contract is named {@code name} and says
         * {@code implementation: code}; the host makes one instance with {@code code} when it
         * starts (e.g. {@code node("pricing", PricingNode::new)}). The host refuses to start when a
         * contract asks for code no one registered, or code is registered for no contract.
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

        /** Returns the host. */
        public OnexHost build() {
            return new OnexHost(this);
        }
    }
}
