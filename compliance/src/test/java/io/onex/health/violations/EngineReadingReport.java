package io.onex.health.violations;

import io.onex.host.core.runtime.RuntimeHostProcess;

/** A health report that reads the engine's host process instead of its status view. */
public final class EngineReadingReport {

    private final RuntimeHostProcess host;

    public EngineReadingReport(RuntimeHostProcess host) {
        this.host = host;
    }

    /** Returns the host's in-flight limit, read from the engine. */
    public int limit() {
        return host.maxInFlight();
    }
}
