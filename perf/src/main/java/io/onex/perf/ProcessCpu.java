package io.onex.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads how much CPU time a process has used, from {@code /proc/<pid>/stat}. */
public final class ProcessCpu {

    /** utime and stime in /proc/PID/stat, counted from the field after the command name (fields 14 and 15). */
    private static final int USER_TICKS = 11;
    private static final int SYSTEM_TICKS = 12;
    /** USER_HZ, which Linux fixes at 100 for user space. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /**
     * Returns the CPU time process {@code pid} has used so far (user and system, all threads) in
     * milliseconds, or -1 when it cannot be read.
     */
    public static long millis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The fields after the command name, which is in parentheses and may hold spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[USER_TICKS]) + Long.parseLong(fields[SYSTEM_TICKS]);
            return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
