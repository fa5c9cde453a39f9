package io.onex.handler.violations.construction;

import io.onex.compliance.violations.StubHandler;
import io.onex.host.api.Invocation;
import java.util.Map;

/**
 * A handler with a public constructor and a static factory. Building itself in {@link #create()}
 * is fine; being built from outside io.onex.wiring is what the rule catches.
 */
public class ConstructibleHandler extends StubHandler {

    /** Creates the handler. */
    public ConstructibleHandler() {
    }

    /** Returns a new handler: a static factory, which the rule treats like the constructor. */
    public static ConstructibleHandler create() {
        return new ConstructibleHandler();
    }

    @Override
    public Map<String, Object> execute(Invocation invocation) {
        return Map.of();
    }
}
