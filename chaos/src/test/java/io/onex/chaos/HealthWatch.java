package io.onex.chaos;

import io.onex.wiring.HealthProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches a host's health server while a scenario runs: every few hundred milliseconds it reads
 * each named signal (the status of {@code /health/ready}, a field of {@code /health/handlers}, …)
 * and records every change, with its time, in the scenario's report. Polls for at most
 * {@link #LIMIT}, then stops by itself.
 */
final class HealthWatch implements AutoCloseable {

    static final Duration LIMIT = Duration.ofMinutes(4);
    private static final Duration PERIOD = Duration.ofMillis(200);

    /** One observed change of a signal. */
    record Change(String signal, String value, Duration at) {
    }

    private final HealthProbe probe;
    private final ChaosReport report;
    private final Map<String, Function<HealthProbe, String>> signals;
    private final Map<String, String> current = new LinkedHashMap<>();
    private final List<Change> changes = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;

    private HealthWatch(HealthProbe probe, ChaosReport report, Map<String, Function<HealthProbe, String>> signals) {
        this.probe = probe;
        this.report = report;
        this.signals = new LinkedHashMap<>(signals);
        this.thread = Thread.ofPlatform().daemon().name("health-watch").unstarted(this::poll);
    }

    /** Starts watching {@code signals}, each read by its function (which may return "unreachable"). */
    static HealthWatch start(HealthProbe probe, ChaosReport report,
            Map<String, Function<HealthProbe, String>> signals) {
        HealthWatch watch = new HealthWatch(probe, report, signals);
        watch.sample();
        watch.thread.start();
        return watch;
    }

    /** The status code of GET {@code path}, or "unreachable". */
    static Function<HealthProbe, String> status(String path) {
        return probe -> {
            int status = probe.status(path);
            return status < 0 ? "unreachable" : Integer.toString(status);
        };
    }

    /** The first value of the JSON field {@code name} in the body of GET {@code path}, or "absent". */
    static Function<HealthProbe, String> field(String path, String name) {
        Pattern pattern = Pattern.compile("\"" + Pattern.quote(name) + "\":(\"[^\"]*\"|[^,}\\]]+)");
        return probe -> {
            try {
                Matcher matcher = pattern.matcher(probe.get(path).body());
                return matcher.find() ? matcher.group(1).replace("\"", "") : "absent";
            } catch (java.io.IOException e) {
                return "unreachable";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "unreachable";
            }
        };
    }

    /** Returns when {@code signal} was first seen at {@code value}, on the report's clock. */
    synchronized Optional<Duration> firstSeen(String signal, String value) {
        return changes.stream().filter(c -> c.signal().equals(signal) && c.value().equals(value))
                .map(Change::at).findFirst();
    }

    /** Returns when {@code signal} was first seen at {@code value} after {@code after}. */
    synchronized Optional<Duration> firstSeenAfter(String signal, String value, Duration after) {
        return changes.stream().filter(c -> c.signal().equals(signal) && c.value().equals(value))
                .filter(c -> c.at().compareTo(after) >= 0).map(Change::at).findFirst();
    }

    /**
     * Returns when {@code signal} was at {@code value} at or after {@code after}: {@code after}
     * itself when it already held that value then, else its first change to it since.
     */
    synchronized Optional<Duration> heldOrSeenAfter(String signal, String value, Duration after) {
        Optional<Change> before = changes.stream().filter(c -> c.signal().equals(signal))
                .filter(c -> c.at().compareTo(after) < 0).reduce((first, second) -> second);
        if (before.isPresent() && before.get().value().equals(value)) {
            return Optional.of(after);
        }
        return firstSeenAfter(signal, value, after);
    }

    /** Returns the values {@code signal} has had, in order of change. */
    synchronized List<String> history(String signal) {
        return changes.stream().filter(c -> c.signal().equals(signal)).map(Change::value).toList();
    }

    private void poll() {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!stopped && System.nanoTime() < deadline) {
            try {
                Thread.sleep(PERIOD);
            } catch (InterruptedException e) {
                return;
            }
            sample();
        }
    }

    private void sample() {
        signals.forEach((name, read) -> {
            String value = read.apply(probe);
            synchronized (this) {
                // A read cut short by close() says nothing about the host.
                if (!stopped && !value.equals(current.get(name))) {
                    current.put(name, value);
                    Change change = new Change(name, value, report.elapsed());
                    changes.add(change);
                    report.event("health: " + name + " = " + value);
                }
            }
        });
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
