package io.onex.host.core.violations.output;

/** Library code that prints stack traces. */
public final class StackTracePrinter {

    private StackTracePrinter() {
    }

    /** Runs the task and prints what it throws. */
    public static void runLoudly(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            e.printStackTrace();
        }
    }

    /** Dumps the current stack. */
    public static void whereAmI() {
        Thread.dumpStack();
    }
}
