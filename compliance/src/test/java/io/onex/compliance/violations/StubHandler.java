package io.onex.compliance.violations;

import io.onex.host.api.Handler;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.HandlerType;
import java.util.List;
import java.util.Map;

/** A do-nothing handler for the rule samples to extend, so that each shows only its violation. */
public abstract class StubHandler implements Handler {

    @Override
    public HandlerType handlerType() {
        return HandlerType.LOCAL;
    }

    @Override
    public HandlerHealth health() {
        return HandlerHealth.healthy(Map.of());
    }

    @Override
    public HandlerDescription describe() {
        return new HandlerDescription(HandlerType.LOCAL, "0", List.of());
    }
}
