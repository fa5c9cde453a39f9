package io.onex.handler.local;

import io.onex.host.api.Handler;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.HandlerType;
import io.onex.host.api.InvalidOperationException;
import io.onex.host.api.Invocation;
import java.util.List;
import java.util.Map;

/**
 * Stands in for the local handler until its implementation lands, so that the module's
 * qualified export names a package that has a class and the build compiles. It supports no
 * operation yet.
 */
public final class LocalHandler implements Handler {

    /** Creates the handler; only the wiring module calls this. */
    public LocalHandler() {
    }

    @Override
    public HandlerType handlerType() {
        return HandlerType.LOCAL;
    }

    @Override
    public Map<String, Object> execute(Invocation invocation) {
        throw new InvalidOperationException("operation not supported yet: " + invocation.operation());
    }

    @Override
    public HandlerHealth health() {
        return HandlerHealth.healthy(Map.of());
    }

    @Override
    public HandlerDescription describe() {
        return new HandlerDescription(HandlerType.LOCAL, "0.1.0", List.of());
    }
}
