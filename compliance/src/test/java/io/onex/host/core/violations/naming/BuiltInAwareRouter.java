package io.onex.host.core.violations.naming;

import io.onex.handler.compliant.WellBehavedHandler;
import io.onex.host.api.Handler;

/** Core code that knows a concrete handler, as the router did before handler types were open. */
public final class BuiltInAwareRouter {

    private BuiltInAwareRouter() {
    }

    /** Returns whether the handler is the well-behaved one. */
    public static boolean isWellBehaved(Handler handler) {
        return handler instanceof WellBehavedHandler;
    }
}
