package io.onex.handler.violations.threads;

import java.util.concurrent.ThreadFactory;

/** A helper in a handler package, not a Handler itself, that makes threads three ways. */
public final class VirtualThreads {

    private VirtualThreads() {
    }

    /** Starts a virtual thread through a builder. */
    public static Thread viaBuilder(Runnable task) {
        return Thread.ofVirtual().name("worker").start(task);
    }

    /** Returns a thread factory made from a constructor reference. */
    public static ThreadFactory viaConstructorReference() {
        return Thread::new;
    }

    /** Asks a thread factory for a thread. */
    public static Thread viaFactory(ThreadFactory factory, Runnable task) {
        return factory.newThread(task);
    }
}
