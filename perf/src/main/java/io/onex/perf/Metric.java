package io.onex.perf;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One measured quantity of a run, next to the baseline measured in the same run and their ratio
 * ({@code value / baseline}).
 *
 * @param name      a dotted, stable name such as {@code jmh.codec.decode}
 * @param unit      the unit of {@code value} and {@code baseline}, e.g. {@code ops/s}, {@code ms}, {@code MB}
 * @param value     the subject's measurement
 * @param baselineName what the baseline is, in words
 * @param baseline  the baseline's measurement, in the same unit
 * @param direction which way {@code value} and the ratio get better
 * @param roundRatios the ratio of every interleaved round when the metric was measured in rounds
 *                  (the metric itself is then the median round); empty for a single measurement
 */
public record Metric(String name, String unit, double value, String baselineName, double baseline,
        Direction direction, List<Double> roundRatios) {

    public Metric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(baselineName, "baselineName");
        Objects.requireNonNull(direction, "direction");
        roundRatios = List.copyOf(roundRatios);
        if (!Double.isFinite(value) || !Double.isFinite(baseline)) {
            throw new IllegalArgumentException(name + ": value and baseline must be finite: " + value + ", " + baseline);
        }
    }

    /** Returns a metric of {@code value} against {@code baseline}. */
    public static Metric of(String name, String unit, double value, String baselineName, double baseline,
            Direction direction) {
        return new Metric(name, unit, value, baselineName, baseline, direction, List.of());
    }

    /**
     * Returns the median round of {@code rounds} (all of one metric, measured interleaved with
     * their baselines), carrying every round's ratio.
     */
    public static Metric medianOf(List<Metric> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("no rounds");
        }
        List<Metric> sorted = rounds.stream().sorted(Comparator.comparingDouble(Metric::ratio)).toList();
        Metric median = sorted.get((sorted.size() - 1) / 2);
        return new Metric(median.name, median.unit, median.value, median.baselineName, median.baseline,
                median.direction, rounds.stream().map(Metric::ratio).toList());
    }

    /** Returns {@code value / baseline}, or 0 when the baseline is 0. */
    public double ratio() {
        return baseline == 0 ? 0 : value / baseline;
    }

    /**
     * Returns the ratio the gate judges: the best round's when there were rounds (one noisy round
     * must not fail a build), else {@link #ratio()}.
     */
    public double bestRatio() {
        if (roundRatios.isEmpty()) {
            return ratio();
        }
        return direction == Direction.HIGHER_IS_BETTER
                ? roundRatios.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
                : roundRatios.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    /** Returns this metric as a JSON object. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("unit", unit);
        json.put("value", round(value));
        json.put("baseline_name", baselineName);
        json.put("baseline", round(baseline));
        json.put("ratio", round(ratio()));
        json.put("direction", direction.wireName());
        json.put("round_ratios", roundRatios.stream().map(Metric::round).toList());
        return json;
    }

    /** Reads a metric written by {@link #toJson()}. */
    public static Metric fromJson(Map<String, Object> json) {
        List<?> rounds = (List<?>) json.getOrDefault("round_ratios", List.of());
        return new Metric((String) json.get("name"), (String) json.get("unit"), number(json, "value"),
                (String) json.get("baseline_name"), number(json, "baseline"),
                Direction.fromWireName((String) json.get("direction")),
                rounds.stream().map(r -> ((Number) r).doubleValue()).toList());
    }

    static double number(Map<String, Object> json, String key) {
        Object value = json.get(key);
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException("'" + key + "' must be a number in " + json);
        }
        return number.doubleValue();
    }

    private static double round(double value) {
        return Math.round(value * 10_000.0) / 10_000.0;
    }
}
