package io.onex.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory of a host process as Linux accounts it: resident set size now ({@code VmRSS}) and its
 * high-water mark ({@code VmHWM}) from {@code /proc/<pid>/status}, plus a sampler that keeps the
 * largest RSS seen while a scenario runs (bounded: it stops by itself after {@link #LIMIT_SAMPLES}).
 */
final class ProcessMemory implements AutoCloseable {

    private static final int LIMIT_SAMPLES = 6_000;
    private static final long PERIOD_MILLIS = 50;

    private final long pid;
    private final AtomicLong peak = new AtomicLong();
    private final Thread sampler;
    private volatile boolean stopped;

    private ProcessMemory(long pid) {
        this.pid = pid;
        this.sampler = Thread.ofPlatform().daemon().name("rss-sampler").unstarted(this::sample);
    }

    /** Starts sampling the RSS of process {@code pid}. */
    static ProcessMemory watch(long pid) {
        ProcessMemory memory = new ProcessMemory(pid);
        memory.sampler.start();
        return memory;
    }

    /** Returns the resident set size now, in bytes (0 once the process is gone). */
    long rss() {
        return field("VmRSS:");
    }

    /** Returns the process's resident set high-water mark, in bytes. */
    long highWaterMark() {
        return field("VmHWM:");
    }

    /** Returns the largest RSS the sampler saw, in bytes. */
    long peakSampled() {
        return peak.get();
    }

    /** Formats bytes as mebibytes with one decimal. */
    static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    private void sample() {
        for (int i = 0; i < LIMIT_SAMPLES && !stopped; i++) {
            peak.accumulateAndGet(rss(), Math::max);
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(name)) {
                    // "VmRSS:	  123456 kB"
                    return Long.parseLong(line.substring(name.length()).replace("kB", "").strip()) * 1024;
                }
            }
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        stopped = true;
        sampler.interrupt();
    }
}
