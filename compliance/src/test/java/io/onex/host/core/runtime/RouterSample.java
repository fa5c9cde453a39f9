package io.onex.host.core.runtime;

/** Runtime code that is not the stdio bridge, yet writes to standard output. */
public final class RouterSample {

    private RouterSample() {
    }

    /** Prints a routing decision. */
    public static void trace(String node) {
        System.out.println("routed to " + node);
    }
}
