package io.onex.perf;

import java.util.Map;
import java.util.Objects;

/**
 * An absolute target from the production milestone that a metric's value must meet: a floor,
 * not a goal, so it is checked as it stands, without tolerance.
 *
 * @param metric    the metric's name
 * @param direction {@code HIGHER_IS_BETTER}: the value must exceed {@code bound}; otherwise it must stay below it
 * @param bound     the target, in the metric's unit
 * @param unit      the unit, checked against the metric's to catch a mismatch
 * @param target    the target as the milestone words it
 */
public record Floor(String metric, Direction direction, double bound, String unit, String target) {

    public Floor {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(target, "target");
    }

    /** Returns whether {@code value} meets the target (strictly). */
    public boolean accepts(double value) {
        return direction == Direction.HIGHER_IS_BETTER ? value > bound : value < bound;
    }

    /** Returns the comparison as text, e.g. {@code < 1.0 ms}. */
    public String describe() {
        return (direction == Direction.HIGHER_IS_BETTER ? "> " : "< ") + bound + " " + unit;
    }

    /** Reads a floor from its baselines-file object: {@code min} or {@code max}, never both. */
    public static Floor fromJson(Map<String, Object> json) {
        boolean min = json.containsKey("min");
        if (min == json.containsKey("max")) {
            throw new IllegalArgumentException("a floor needs exactly one of 'min' and 'max': " + json);
        }
        return new Floor((String) json.get("metric"), min ? Direction.HIGHER_IS_BETTER : Direction.LOWER_IS_BETTER,
                Metric.number(json, min ? "min" : "max"), (String) json.get("unit"), (String) json.get("target"));
    }
}
