package io.onex.host.core.runtime;

import java.util.Collection;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;

/**
 * Runs each accepted envelope that does not run on its delivering thread ({@link Dispatch#runHere})
 * on a virtual thread of its own, and interrupts those still running
 * when the host stops. Unlike a thread-per-task executor it keeps no set of its threads: each
 * {@link Flight} keeps its own worker, so starting and ending an envelope's thread updates no
 * shared map (the host's set of flights already knows every envelope that is still running).
 */
final class EnvelopeWorkers {

    /** One name for all: numbering them would build a string per envelope. */
    private final ThreadFactory threads = Thread.ofVirtual().name("onex-envelope").factory();
    private volatile boolean stopped;
    private volatile boolean draining;

    /**
     * Starts {@code work} for {@code flight} on a new virtual thread.
     *
     * @throws RejectedExecutionException once {@link #stop} was called
     */
    void start(Flight flight, Runnable work) {
        if (stopped) {
            throw new RejectedExecutionException("the host has stopped");
        }
        Thread worker = threads.newThread(work);
        flight.worker = worker;
        worker.start();
    }

    /**
     * Returns whether an envelope may still run on the thread that delivered it; no longer once
     * the host drains, so that whatever a drain must answer or interrupt runs on a worker.
     */
    boolean inlineAllowed() {
        return !draining && !stopped;
    }

    /** From now on every envelope runs on a worker of its own: the host drains. */
    void drain() {
        draining = true;
    }

    /** Takes no more work and interrupts the workers of {@code running} that have not finished. */
    void stop(Collection<Flight> running) {
        stopped = true;
        for (Flight flight : running) {
            Thread worker = flight.worker;
            if (worker != null) {
                worker.interrupt();
            }
        }
    }
}
