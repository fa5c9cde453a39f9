package io.onex.host.core.runtime;

import io.onex.host.api.ServiceUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One run of a node's code on a virtual thread of its own, which the host starts and bounds: the
 * envelope's thread waits for it until the request's deadline and then interrupts it. Host code,
 * like the envelope workers: node code itself starts no threads (it asks its context for
 * concurrent calls).
 */
final class CodeRun {

    /** The run did not end before its deadline; it was interrupted. */
    static final class Overrun extends Exception {
        Overrun() {
            super(null, null, false, false);
        }
    }

    /** The code threw {@link #getCause()}. */
    static final class Failed extends Exception {
        Failed(Throwable cause) {
            super(null, cause, false, false);
        }
    }

    private final FutureTask<Map<String, Object>> task;

    private CodeRun(FutureTask<Map<String, Object>> task) {
        this.task = task;
    }

    /**
     * Starts {@code code} on a new virtual thread named after {@code node}; {@code ended} runs when
     * the code ends, however it ends (and at once if the thread cannot start).
     */
    static CodeRun start(String node, Callable<Map<String, Object>> code, Runnable ended) {
        FutureTask<Map<String, Object>> task = new FutureTask<>(() -> {
            try {
                return code.call();
            } finally {
                ended.run();
            }
        });
        try {
            Thread.ofVirtual().name("onex-node-" + node).start(task);
        } catch (RuntimeException e) {
            ended.run();
            throw new ServiceUnavailableException("node '" + node + "' could not start its code");
        }
        return new CodeRun(task);
    }

    /**
     * Waits for the run until {@code deadline} and returns what the code returned.
     *
     * @throws Overrun when the deadline passed first: the code's thread is interrupted
     * @throws Failed  when the code threw
     */
    Map<String, Object> await(Instant deadline, Clock clock) throws Overrun, Failed {
        long waitNanos = Duration.between(clock.instant(), deadline).toNanos();
        try {
            return task.get(Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new Overrun();
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("the host stopped while the code ran");
        } catch (ExecutionException e) {
            throw new Failed(e.getCause());
        }
    }
}
