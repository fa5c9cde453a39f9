package io.onex.handler.violations.threads;

import io.onex.compliance.violations.StubHandler;
import io.onex.host.api.Invocation;
import java.util.Map;

/** Starts a platform thread per call. */
public final class ThreadStartingHandler extends StubHandler {

    @Override
    public Map<String, Object> execute(Invocation invocation) {
        Thread worker = new Thread(() -> { });
        worker.start();
        return Map.of();
    }
}
