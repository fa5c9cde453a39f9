package io.onex.health.samples;

import io.onex.host.api.HostObserver;
import io.onex.host.core.status.HostStatus;

/** A health report that reads the host through its status view and holds the observer hook it implements. */
public final class StatusReadingReport {

    private final HostStatus status;
    private final HostObserver observer;

    public StatusReadingReport(HostStatus status, HostObserver observer) {
        this.status = status;
        this.observer = observer;
    }

    /** Returns the host's in-flight limit, read from the status view. */
    public int limit() {
        return status.maxInFlight();
    }

    /** Returns the hook the host calls. */
    public HostObserver observer() {
        return observer;
    }
}
