package io.onex.host.core.runtime;

import io.onex.host.api.HandlerHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The active health check of one binding, run by the host so that health notices an outage even
 * while no call arrives (see {@link io.onex.host.api.Handler#check()}).
 *
 * <p>Once started, a host-owned virtual thread asks the handler to check, once per interval, each
 * check on a virtual thread of its own: at most one check is in flight, and none starts sooner
 * than an interval after the one before. A check that has not answered within the interval counts
 * as failed ("timed out") and is interrupted; while it still runs no other starts. The latest
 * result is kept for health probes, which therefore never wait for a dependency. A handler that
 * answers that it has nothing to check is not asked again.
 */
final class BindingCheck {

    /** One check's result and when it was taken. */
    record Result(HandlerHealth health, Instant checkedAt) {
    }

    /** The longest {@link #stop} waits for a check in flight to end. */
    static final Duration MAX_STOP_WAIT = Duration.ofSeconds(2);

    private final String binding;
    private final Supplier<Optional<HandlerHealth>> check;
    private final Duration interval;
    private volatile Result latest;
    private volatile Thread loop;
    private volatile Thread worker;
    private volatile boolean stopped;

    BindingCheck(String binding, Supplier<Optional<HandlerHealth>> check, Duration interval) {
        this.binding = binding;
        this.check = check;
        this.interval = interval;
    }

    /** Returns the latest result; empty before the first check ends or when there is nothing to check. */
    Optional<Result> latest() {
        return Optional.ofNullable(latest);
    }

    /** Starts checking; the first check starts at once. */
    synchronized void start() {
        if (loop == null && !stopped) {
            loop = Thread.ofVirtual().name("onex-check-" + binding).start(this::run);
        }
    }

    /**
     * Stops checking, interrupts a check in flight and waits for it at most one interval (or
     * {@link #MAX_STOP_WAIT}), so that the handler is not shut down under a check that is still
     * running. No check starts after this returns. Idempotent.
     */
    void stop() {
        Thread running;
        synchronized (this) {
            stopped = true;
            interrupt(loop);
            running = worker;
            interrupt(running);
        }
        if (running != null) {
            try {
                running.join(interval.compareTo(MAX_STOP_WAIT) < 0 ? interval : MAX_STOP_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void interrupt(Thread thread) {
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run() {
        while (!stopped) {
            long began = System.nanoTime();
            if (!checkOnce()) {
                return;
            }
            long rest = interval.toNanos() - (System.nanoTime() - began);
            try {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, rest));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Runs one check, or notes that the last one still runs; returns whether to go on checking. */
    private boolean checkOnce() {
        Thread running = worker;
        if (running != null && running.isAlive()) {
            latest = failed(notAnswered() + "; it still runs, so no other check starts");
            running.interrupt();
            return true;
        }
        CompletableFuture<Optional<HandlerHealth>> outcome = new CompletableFuture<>();
        synchronized (this) {
            // Decided under the lock stop() takes: either stop() sees this worker, or none starts.
            if (stopped) {
                return false;
            }
            worker = Thread.ofVirtual().name("onex-check-" + binding + "-run").start(() -> {
                try {
                    outcome.complete(check.get());
                } catch (RuntimeException | Error e) {
                    outcome.completeExceptionally(e);
                }
            });
        }
        try {
            Optional<HandlerHealth> result = outcome.get(interval.toNanos(), TimeUnit.NANOSECONDS);
            if (result.isEmpty()) {
                latest = null;
                return false;
            }
            latest = new Result(result.get(), Instant.now());
        } catch (TimeoutException e) {
            latest = failed(notAnswered());
            worker.interrupt();
        } catch (ExecutionException e) {
            // The class only: a handler's exception message may hold anything.
            latest = failed("the check failed (" + e.getCause().getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            return false;
        }
        return true;
    }

    private String notAnswered() {
        return "the check did not answer within " + interval.toMillis() + " ms";
    }

    private static Result failed(String why) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("error", why);
        return new Result(HandlerHealth.unhealthy(details), Instant.now());
    }
}
