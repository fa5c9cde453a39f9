package io.onex.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The regression gate: compares a run with the baselines and says which ratio regressed past its
 * tolerance or which floor was broken. Pure code, no measuring.
 */
public final class Gate {

    private Gate() {
    }

    /** The gate's verdict: one line per check, failures first. */
    public record Verdict(List<String> failures, List<String> passes, List<String> skipped) {

        public Verdict {
            failures = List.copyOf(failures);
            passes = List.copyOf(passes);
            skipped = List.copyOf(skipped);
        }

        /** Returns whether every check passed (skipped checks do not fail). */
        public boolean passed() {
            return failures.isEmpty();
        }

        /** Returns the verdict as text for people. */
        public String report() {
            StringBuilder text = new StringBuilder(passed() ? "performance gate passed" : "performance gate FAILED");
            failures.forEach(line -> text.append("\n  FAIL ").append(line));
            skipped.forEach(line -> text.append("\n  SKIP ").append(line));
            passes.forEach(line -> text.append("\n  ok   ").append(line));
            return text.toString();
        }
    }

    /** Checks {@code run} against {@code baselines}. */
    public static Verdict check(RunResult run, Baselines baselines) {
        List<String> failures = new ArrayList<>();
        List<String> passes = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (RatioLimit limit : baselines.ratioLimits()) {
            Optional<Metric> metric = run.metric(limit.metric());
            if (metric.isEmpty()) {
                missing(run, limit.metric(), failures, skipped);
                continue;
            }
            double ratio = metric.get().bestRatio();
            String line = String.format(Locale.ROOT,
                    "%s: ratio %.3f (best round; against %s) must be %s %.3f = %.3f x reference ratio %.3f of %s",
                    limit.metric(), ratio, metric.get().baselineName(),
                    limit.direction() == Direction.HIGHER_IS_BETTER ? ">=" : "<=", limit.limit(),
                    limit.tolerance(), limit.referenceRatio(), baselines.reference());
            (limit.accepts(ratio) ? passes : failures).add(line);
        }
        for (Floor floor : baselines.floors()) {
            Optional<Metric> metric = run.metric(floor.metric());
            if (metric.isEmpty()) {
                missing(run, floor.metric(), failures, skipped);
                continue;
            }
            double value = metric.get().value();
            String line = String.format(Locale.ROOT, "%s: %.4g %s must be %s (%s)", floor.metric(), value,
                    metric.get().unit(), floor.describe(), floor.target());
            if (!metric.get().unit().equals(floor.unit())) {
                failures.add(floor.metric() + ": measured in " + metric.get().unit() + " but the floor is in "
                        + floor.unit());
            } else {
                (floor.accepts(value) ? passes : failures).add(line);
            }
        }
        return new Verdict(failures, passes, skipped);
    }

    private static void missing(RunResult run, String name, List<String> failures, List<String> skipped) {
        Optional<String> reason = run.skipReason(name);
        if (reason.isPresent()) {
            skipped.add(name + ": skipped: " + reason.get());
        } else {
            failures.add(name + ": not measured by this run, and not marked skipped");
        }
    }
}
