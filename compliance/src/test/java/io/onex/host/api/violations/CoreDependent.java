package io.onex.host.api.violations;

import io.onex.host.core.HandlerRegistry;

/** An API type that reaches into host-core. */
public final class CoreDependent {

    private CoreDependent() {
    }

    /** Checks an operation name with host-core's catalogue. */
    public static boolean wellFormed(String operation) {
        return HandlerRegistry.isWellFormedOperation(operation);
    }
}
