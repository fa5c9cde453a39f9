package io.onex.host.core.runtime;

/** Stands for the stdio bridge, which writes responses to standard output by design. */
public final class StdioSampleBridge {

    private StdioSampleBridge() {
    }

    /** Writes one response line. */
    public static void respond(String json) {
        System.out.println(json);
        Writer.flush();
    }

    /** A class nested in the bridge: part of it. */
    static final class Writer {
        static void flush() {
            System.out.flush();
        }
    }
}
