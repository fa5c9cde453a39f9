package io.onex.handler.violations.threads;

import io.onex.compliance.violations.StubHandler;
import io.onex.host.api.Invocation;
import java.util.Map;
import java.util.Timer;

/** Schedules work on a java.util.Timer, which owns a thread. */
public final class TimerHandler extends StubHandler {

    private final Timer timer = new Timer(true);

    @Override
    public Map<String, Object> execute(Invocation invocation) {
        timer.purge();
        return Map.of();
    }
}
