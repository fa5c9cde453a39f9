package io.onex.wiring;

import io.onex.host.api.HandlerFactory;
import io.onex.host.core.HandlerRegistry;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
 * The set of handlers is fixed when the program is linked: no service loading, no reflection, no
 * class-path scanning. Only this module calls a factory's {@code create}.
 */
public final class OnexHost {

    private final List<HandlerFactory> handlers;

    private OnexHost(List<HandlerFactory> handlers) {
        this.handlers = List.copyOf(handlers);
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
            List<String> problems = FactoryProblems.of(handlers);
            if (!problems.isEmpty()) {
                problems.forEach(problem -> err.println("onex-host: " + problem));
                return Main.INVALID;
            }
            return Main.run(HandlerRegistry.of(handlers), args, out, err);
        } catch (RuntimeException e) {
            return Main.defect(e, err);
        }
    }

    /** Builds an {@link OnexHost}. */
    public static final class Builder {
        private final List<HandlerFactory> handlers = new ArrayList<>(BuiltInHandlers.factories());

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

        /** Returns the host. */
        public OnexHost build() {
            return new OnexHost(handlers);
        }
    }
}
