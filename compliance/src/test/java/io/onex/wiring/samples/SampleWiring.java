package io.onex.wiring.samples;

import io.onex.handler.compliant.WellBehavedHandler;
import io.onex.handler.violations.construction.ConstructibleBus;
import io.onex.handler.violations.construction.ConstructibleHandler;
import io.onex.host.api.EventBus;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.contract.HandlerBinding;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How io.onex.wiring builds handlers and buses: through the registered handler factories, and
 * from a static table. Also a command line that prints, which the wiring module may. Nothing here
 * breaks a rule.
 */
public final class SampleWiring {

    private static final Map<String, Supplier<Handler>> HANDLERS = Map.of(
            "constructed", ConstructibleHandler::new,
            "created", ConstructibleHandler::create,
            "built", () -> new WellBehavedHandler.Builder().build());

    private SampleWiring() {
    }

    /** Builds the handler of the given type. */
    public static Handler handler(String type) {
        return HANDLERS.get(type).get();
    }

    /** Builds the handler of a binding through its type's registered factory. */
    public static Handler handler(HandlerFactory factory, HandlerBinding binding) {
        return factory.create(binding, ref -> "unused");
    }

    /** Builds the bus. */
    public static EventBus bus() {
        return new ConstructibleBus();
    }

    /** Prints usage, as the command line does. */
    public static void usage(RuntimeException problem) {
        PrintStream out = System.out;
        out.println("usage: onex-host run CONTRACT");
        System.err.println(problem.getMessage());
        problem.printStackTrace();
    }
}
