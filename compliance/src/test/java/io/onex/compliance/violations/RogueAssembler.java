package io.onex.compliance.violations;

import io.onex.handler.violations.construction.ConstructibleBus;
import io.onex.handler.compliant.WellBehavedHandler;
import io.onex.handler.violations.construction.ConstructibleHandler;
import io.onex.host.api.EventBus;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.contract.HandlerBinding;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** Builds handlers and buses outside io.onex.wiring, in every way Java allows. */
public final class RogueAssembler {

    private RogueAssembler() {
    }

    /** Builds handlers by constructor, static factory and constructor reference. */
    public static List<Handler> handlers() {
        Supplier<Handler> byReference = ConstructibleHandler::new;
        return List.of(new ConstructibleHandler(), ConstructibleHandler.create(), byReference.get());
    }

    /** Builds a handler through its nested builder. */
    public static Handler built() {
        return new WellBehavedHandler.Builder().timeout(Duration.ofSeconds(2)).build();
    }

    /** Builds a handler through its type's factory, which only io.onex.wiring may do. */
    public static Handler fromFactory(HandlerFactory factory, HandlerBinding binding) {
        return factory.create(binding, ref -> "unused");
    }

    /** Builds buses by constructor and static factory. */
    public static List<EventBus> buses() {
        return List.of(new ConstructibleBus(), ConstructibleBus.inMemory());
    }
}
