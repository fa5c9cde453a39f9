package io.onex.handler.violations.sleep;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** A retry helper in a handler package that backs off by sleeping and by parking. */
public final class HomeMadeBackoff {

    private HomeMadeBackoff() {
    }

    /** Sleeps through a TimeUnit. */
    public static void pause(long millis) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(millis);
    }

    /** Parks the current thread for a fixed time. */
    public static void park(long nanos) {
        LockSupport.parkNanos(nanos);
    }
}
