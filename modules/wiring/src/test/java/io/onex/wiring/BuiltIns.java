package io.onex.wiring;

import io.onex.host.core.HandlerRegistry;

/** The registry of the built-in handlers, for the test that checks contract loading itself (ContractSchemaIT). */
final class BuiltIns {

    private static final HandlerRegistry REGISTRY = HandlerRegistry.of(BuiltInHandlers.factories());

    private BuiltIns() {
    }

    /** Returns the registry of the built-in handler factories. */
    static HandlerRegistry registry() {
        return REGISTRY;
    }
}
