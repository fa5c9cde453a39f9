package io.onex.handler.violations.sleep;

import io.onex.compliance.violations.StubHandler;
import io.onex.host.api.Invocation;
import java.time.Duration;
import java.util.Map;

/** Waits a fixed time before answering. */
public final class SleepingHandler extends StubHandler {

    @Override
    public Map<String, Object> execute(Invocation invocation) {
        try {
            Thread.sleep(Duration.ofMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Map.of();
    }
}
