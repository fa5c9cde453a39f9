package io.onex.host.core.log;

/** Stands for the log writer, which writes JSON lines to standard error by design. */
public final class SampleLogWriter {

    private SampleLogWriter() {
    }

    /** Writes one log line. */
    public static void write(String jsonLine) {
        System.err.println(jsonLine);
    }
}
