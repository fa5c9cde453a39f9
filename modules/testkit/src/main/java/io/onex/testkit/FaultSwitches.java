package io.onex.testkit;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * The fault switches the API-compatible test servers share: a delay before every answer, the
 * next few requests failing with a status, and connections reset instead of answered. Each
 * request asks {@link #next()} once for what to do to it. Thread-safe.
 */
final class FaultSwitches {

    /**
     * What to do to one request.
     *
     * @param delay  how long to wait before anything else ({@link Duration#ZERO} for not at all)
     * @param reset  whether to reset the connection instead of answering
     * @param status the status of an injected failure, when this request is one
     */
    record Fault(Duration delay, boolean reset, OptionalInt status) {
    }

    private Duration delay = Duration.ZERO;
    private int failuresLeft;
    private int failureStatus;
    private boolean resetting;

    /** Delays every answer by {@code value} ({@link Duration#ZERO} for none). */
    synchronized void slow(Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException("negative delay: " + value);
        }
        delay = value;
    }

    /** Answers the next {@code count} requests with {@code status}. */
    synchronized void failNext(int count, int status) {
        if (count < 0 || status < 100 || status > 599) {
            throw new IllegalArgumentException("count " + count + ", status " + status);
        }
        failuresLeft = count;
        failureStatus = status;
    }

    /** While {@code on}, resets the connection of every request instead of answering it. */
    synchronized void resetConnections(boolean on) {
        resetting = on;
    }

    /** Returns what to do to the request that has just arrived; consumes one injected failure. */
    synchronized Fault next() {
        if (!resetting && failuresLeft > 0) {
            failuresLeft--;
            return new Fault(delay, false, OptionalInt.of(failureStatus));
        }
        return new Fault(delay, resetting, OptionalInt.empty());
    }
}
