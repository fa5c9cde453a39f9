package io.onex.wiring;

import io.onex.host.core.HandlerRegistry;
import io.onex.wiring.internal.Wiring;

/** The host of the built-in handlers, as the onex-host command composes it, for in-process tests. */
final class BuiltIns {

    private static final HandlerRegistry REGISTRY = HandlerRegistry.of(BuiltInHandlers.factories());

    private BuiltIns() {
    }

    /** Returns the registry of the built-in handler factories. */
    static HandlerRegistry registry() {
        return REGISTRY;
    }

    /** Returns the wiring of the built-in handlers. */
    static Wiring wiring() {
        return Wiring.of(REGISTRY);
    }
}
