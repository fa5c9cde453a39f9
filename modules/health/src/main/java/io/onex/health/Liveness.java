package io.onex.health;

import io.onex.host.core.status.HostStatus.Progress;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Decides whether the host makes progress: it is stuck when work has been waiting for longer
 * than the stall limit while its answered count stayed where it was. Only the host's own
 * progress counts: a dependency outage answers envelopes with errors, which is progress, so it
 * never fails liveness.
 */
final class Liveness {

    private final Supplier<Progress> progress;
    private final LongSupplier nanoClock;
    private final long stallLimitNanos;
    private long lastAnswered = -1;
    private long lastMoved;

    Liveness(Supplier<Progress> progress, Duration stallLimit, LongSupplier nanoClock) {
        this.progress = progress;
        this.stallLimitNanos = stallLimit.toNanos();
        this.nanoClock = nanoClock;
        this.lastMoved = nanoClock.getAsLong();
    }

    /**
     * The outcome of a check.
     *
     * @param live         whether the host makes progress
     * @param stalledNanos how long work has been waiting with no envelope answered
     */
    record Verdict(boolean live, long stalledNanos) {
    }

    /** Checks progress now; probes call this, so it also advances the watch. */
    synchronized Verdict check() {
        Progress now = progress.get();
        long time = nanoClock.getAsLong();
        if (!now.workWaiting() || now.answered() != lastAnswered) {
            lastAnswered = now.answered();
            lastMoved = time;
            return new Verdict(true, 0);
        }
        long stalled = time - lastMoved;
        return new Verdict(stalled <= stallLimitNanos, stalled);
    }
}
