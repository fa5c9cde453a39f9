package io.onex.perf;

import java.util.Map;
import java.util.Objects;

/**
 * How far a gated ratio may move from the reference run before the gate fails.
 *
 * <p>The limit is {@code referenceRatio * tolerance}: for a ratio where higher is better the
 * tolerance is below 1 (0.5 lets the ratio halve), for one where lower is better it is above 1
 * (3 lets the overhead triple).
 *
 * @param metric         the metric's name
 * @param direction      which way its ratio gets better
 * @param referenceRatio the ratio the reference run measured
 * @param tolerance      the factor on the reference ratio that gives the limit
 */
public record RatioLimit(String metric, Direction direction, double referenceRatio, double tolerance) {

    public RatioLimit {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(direction, "direction");
        if (!(referenceRatio > 0) || !Double.isFinite(referenceRatio)) {
            throw new IllegalArgumentException(metric + ": reference_ratio must be positive: " + referenceRatio);
        }
        boolean loosens = direction == Direction.HIGHER_IS_BETTER ? tolerance > 0 && tolerance <= 1 : tolerance >= 1;
        if (!loosens || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException(metric + ": tolerance " + tolerance + " does not loosen a ratio where "
                    + direction.wireName() + " is better (use 0 < t <= 1 for higher, t >= 1 for lower)");
        }
    }

    /** Returns the worst ratio the gate accepts. */
    public double limit() {
        return referenceRatio * tolerance;
    }

    /** Returns whether {@code ratio} is within the limit. */
    public boolean accepts(double ratio) {
        return direction.atLeastAsGood(ratio, limit());
    }

    /** Reads a limit from its baselines-file object. */
    public static RatioLimit fromJson(Map<String, Object> json) {
        return new RatioLimit((String) json.get("metric"), Direction.fromWireName((String) json.get("direction")),
                Metric.number(json, "reference_ratio"), Metric.number(json, "tolerance"));
    }
}
