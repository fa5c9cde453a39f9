package io.onex.perf;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads how much memory the process uses: heap after garbage collection, and resident set size. */
public final class MemoryProbe {

    private static final int GC_ROUNDS = 5;
    private static final Path STATUS = Path.of("/proc/self/status");

    private MemoryProbe() {
    }

    /**
     * Returns the heap in use, in MB, after asking for a full collection a few times: the lowest
     * reading of {@value #GC_ROUNDS} rounds, since a collection may be cut short or followed at
     * once by allocation on another thread.
     */
    public static double heapUsedAfterGcMb() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long lowest = Long.MAX_VALUE;
        for (int round = 0; round < GC_ROUNDS; round++) {
            System.gc();
            lowest = Math.min(lowest, memory.getHeapMemoryUsage().getUsed());
        }
        return lowest / (1024.0 * 1024.0);
    }

    /** Returns the process's resident set size in MB from {@code /proc/self/status}, where there is one. */
    public static Optional<Double> residentSetMb() {
        return statusMb(STATUS, "VmRSS");
    }

    /**
     * Returns the field {@code name} ({@code VmRSS}: resident set now, {@code VmHWM}: its peak)
     * of process {@code pid} in MB, from {@code /proc/<pid>/status}, where there is one.
     */
    public static Optional<Double> processMb(long pid, String name) {
        return statusMb(Path.of("/proc", Long.toString(pid), "status"), name);
    }

    private static Optional<Double> statusMb(Path status, String name) {
        if (!Files.isReadable(status)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(status);
            return lines.stream().filter(line -> line.startsWith(name + ":")).findFirst()
                    .map(line -> Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024.0);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
