package io.onex.perf.kafka;

import io.onex.perf.MemoryProbe;
import io.onex.perf.ProcessCpu;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One side of the Kafka round trip running as a process of its own (the host through
 * {@code ./onex-host}, or the bare relay), with its standard output and error in a log file.
 * Its memory is read from {@code /proc/<pid>/status}; the process must be the JVM itself (the
 * launcher execs java, so its pid is the JVM's).
 */
final class RelayProcess implements AutoCloseable {

    private static final Duration STOP_LIMIT = Duration.ofSeconds(30);
    private static final long LOG_POLL_MILLIS = 200;

    private final String name;
    private final Process process;
    private final Path log;

    private RelayProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code command} in {@code directory} with {@code environment} added, logging to
     * {@code log}. The JVM options and the environment name of the caller's environment
     * ({@code ONEX_JAVA_OPTS}, {@code ENVIRONMENT}) are not passed on: the launcher's defaults
     * apply unless {@code environment} sets them.
     */
    static RelayProcess start(String name, List<String> command, Path directory, Map<String, String> environment,
            Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().remove("ONEX_JAVA_OPTS");
        builder.environment().remove("ENVIRONMENT");
        builder.environment().putAll(environment);
        try {
            return new RelayProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the process's log holds {@code line}.
     *
     * @throws IllegalStateException when the process exits first or {@code limit} runs out; the
     *                               message holds the end of its log
     */
    void awaitLog(String line, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!logText().contains(line)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the " + name + " exited with " + process.exitValue()
                        + " before saying '" + line + "'; its log ends:\n" + logTail());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the " + name + " did not say '" + line + "' within " + limit
                        + "; its log ends:\n" + logTail());
            }
            sleep(LOG_POLL_MILLIS);
        }
    }

    /** Returns the process's resident set ({@code VmRSS}) in MB, or 0 when it cannot be read. */
    double residentMb() {
        return MemoryProbe.processMb(process.pid(), "VmRSS").orElse(0.0);
    }

    /** Returns the peak of the process's resident set ({@code VmHWM}) in MB, or 0 when it cannot be read. */
    double peakResidentMb() {
        return MemoryProbe.processMb(process.pid(), "VmHWM").orElse(0.0);
    }

    /**
     * Returns the JVM's Native Memory Tracking summary ({@code jcmd <pid> VM.native_memory summary}),
     * or why there is none; the JVM must have been started with {@code -XX:NativeMemoryTracking=summary}.
     */
    String nativeMemory() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process run = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "VM.native_memory", "summary")
                    .redirectErrorStream(true).start();
            String text = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!run.waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                run.destroyForcibly();
            }
            return text;
        } catch (IOException e) {
            return "jcmd failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * Returns the CPU time the process has used so far (user and system, all threads) in
     * milliseconds, from {@code /proc/<pid>/stat}, or -1 when it cannot be read.
     */
    long cpuMillis() {
        return ProcessCpu.millis(process.pid());
    }

    /** Returns the process id. */
    long pid() {
        return process.pid();
    }

    /** Returns the last lines of the process's log. */
    String logTail() {
        List<String> lines = logText().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops the process with SIGTERM, then SIGKILL if it is still running after 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
