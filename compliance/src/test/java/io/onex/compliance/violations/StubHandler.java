package io.onex.compliance.violations;

import io.onex.host.api.Handler;
import io.onex.host.api.HandlerHealth;
import java.util.Map;

/** A do-nothing handler for the rule samples to extend, so that each shows only its violation. */
public abstract class StubHandler implements Handler {

    @Override
    public HandlerHealth health() {
        return HandlerHealth.healthy(Map.of());
    }
}
