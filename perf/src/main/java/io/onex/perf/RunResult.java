package io.onex.perf;

import io.onex.host.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one benchmark run measured: its metrics, what it skipped and why, the machine and
 * the date. Written as one JSON file per run.
 *
 * @param date    when the run finished
 * @param mode    {@code quick} or {@code full}
 * @param machine where it ran
 * @param metrics what it measured, each with its in-run baseline
 * @param skipped metric names it could not measure, with the reason
 */
public record RunResult(Instant date, String mode, Machine machine, List<Metric> metrics, Map<String, String> skipped) {

    public RunResult {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(machine, "machine");
        metrics = List.copyOf(metrics);
        skipped = Map.copyOf(skipped);
    }

    /** Returns a run of {@code metrics} measured now on this machine. */
    public static RunResult now(String mode, List<Metric> metrics, Map<String, String> skipped) {
        return new RunResult(Instant.now(), mode, Machine.current(), metrics, skipped);
    }

    /** Returns the metric named {@code name}, if the run measured it. */
    public Optional<Metric> metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** Returns why the run skipped {@code name}, if it did; a skipped prefix such as {@code load.db} covers its metrics. */
    public Optional<String> skipReason(String name) {
        return skipped.entrySet().stream().filter(e -> name.equals(e.getKey()) || name.startsWith(e.getKey() + "."))
                .map(Map.Entry::getValue).findFirst();
    }

    /** Returns the run as a JSON object. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", date.toString());
        json.put("mode", mode);
        json.put("machine", machine.toJson());
        json.put("metrics", metrics.stream().map(Metric::toJson).toList());
        json.put("skipped", new java.util.TreeMap<>(skipped));
        return json;
    }

    /** Reads a run written by {@link #toJson()}. */
    @SuppressWarnings("unchecked")
    public static RunResult fromJson(Map<String, Object> json) {
        List<Metric> metrics = ((List<Map<String, Object>>) json.get("metrics")).stream().map(Metric::fromJson).toList();
        Map<String, String> skipped = new LinkedHashMap<>();
        ((Map<String, Object>) json.getOrDefault("skipped", Map.of())).forEach((k, v) -> skipped.put(k, String.valueOf(v)));
        return new RunResult(Instant.parse((String) json.get("date")), (String) json.get("mode"),
                Machine.fromJson((Map<String, Object>) json.get("machine")), metrics, skipped);
    }

    /** Writes the run to {@code file} as indented JSON, creating its folder. */
    public void write(Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, Json.writePretty(toJson()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a run from {@code file}. */
    public static RunResult read(Path file) {
        try {
            return fromJson(Json.readObject(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
