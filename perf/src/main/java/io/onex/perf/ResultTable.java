package io.onex.perf;

import java.util.Locale;
import java.util.Map;

/** Renders a run as a table for people: one row per metric with its baseline and ratio. */
public final class ResultTable {

    private ResultTable() {
    }

    /** Returns {@code run} as a fixed-width text table, followed by what it skipped. */
    public static String render(RunResult run) {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "ONEX performance (%s) %s — %d cores, %s, %s%n", run.mode(), run.date(),
                run.machine().cores(), run.machine().jdk(), run.machine().os()));
        String format = "%-28s %14s %-12s %14s %9s  %s%n";
        table.append(String.format(Locale.ROOT, format, "metric", "value", "unit", "baseline", "ratio", "baseline is"));
        table.append("-".repeat(120)).append(System.lineSeparator());
        for (Metric metric : run.metrics()) {
            table.append(String.format(Locale.ROOT, format, metric.name(), number(metric.value()), metric.unit(),
                    number(metric.baseline()), String.format(Locale.ROOT, "%.3f", metric.ratio()),
                    metric.baselineName() + " (" + metric.direction().wireName() + " is better)"));
        }
        for (Map.Entry<String, String> skip : run.skipped().entrySet()) {
            table.append(String.format(Locale.ROOT, "%-28s %s%n", skip.getKey(), skip.getValue()));
        }
        return table.toString();
    }

    private static String number(double value) {
        return Math.abs(value) >= 1000 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.4g", value);
    }
}
