package io.onex.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Measures a handler's latency against a direct baseline in interleaved rounds: each call through
 * the host is followed by one direct call, so both see the same machine, and each round gives a
 * p50 and a p99 of both. Two kinds of host latency are kept: the host's own timing of the handler
 * call ({@code load.latency.<name>.p99}) and the end-to-end round trip from publishing the request
 * to receiving its response ({@code load.latency.<name>.e2e.p99}). The median round is reported,
 * with every round's ratio.
 */
final class Latencies {

    /** How one latency comparison runs. */
    record Plan(String name, int rounds, int calls, int warmUpCalls, String baselineName) {
    }

    private Latencies() {
    }

    /**
     * Adds {@code load.latency.<name>.p50} and {@code .p99} (milliseconds) to {@code metrics}:
     * {@code handler} holds the host's own timing of each call made by {@code hostCall};
     * {@code directCall} is timed here.
     */
    static void measure(List<Metric> metrics, Plan plan, Samples handler, Runnable hostCall, Runnable directCall,
            Consumer<String> progress) {
        Samples direct = Samples.withCapacity(plan.calls());
        Samples endToEnd = Samples.withCapacity(plan.calls());
        for (int i = 0; i < plan.warmUpCalls(); i++) {
            hostCall.run();
            directCall.run();
        }
        List<Metric> p50 = new ArrayList<>();
        List<Metric> p99 = new ArrayList<>();
        List<Metric> e2e50 = new ArrayList<>();
        List<Metric> e2e99 = new ArrayList<>();
        for (int round = 0; round < plan.rounds(); round++) {
            handler.clear();
            direct.clear();
            endToEnd.clear();
            for (int i = 0; i < plan.calls(); i++) {
                long published = System.nanoTime();
                hostCall.run();
                long started = System.nanoTime();
                directCall.run();
                direct.add(System.nanoTime() - started);
                endToEnd.add(started - published);
            }
            p50.add(percentile(plan, "", 50, handler, direct));
            p99.add(percentile(plan, "", 99, handler, direct));
            e2e50.add(percentile(plan, ".e2e", 50, endToEnd, direct));
            e2e99.add(percentile(plan, ".e2e", 99, endToEnd, direct));
            progress.accept(String.format(Locale.ROOT,
                    "latency %s round %d: handler p50 %.4f ms p99 %.4f ms, direct p50 %.4f ms p99 %.4f ms (%d calls)",
                    plan.name(), round + 1, p50.getLast().value(), p99.getLast().value(), p50.getLast().baseline(),
                    p99.getLast().baseline(), handler.count()));
        }
        metrics.add(Metric.medianOf(p50));
        metrics.add(Metric.medianOf(p99));
        metrics.add(Metric.medianOf(e2e50));
        metrics.add(Metric.medianOf(e2e99));
    }

    private static Metric percentile(Plan plan, String kind, int percentile, Samples subject, Samples direct) {
        return Metric.of("load.latency." + plan.name() + kind + ".p" + percentile, "ms",
                subject.percentileMillis(percentile),
                plan.baselineName(), direct.percentileMillis(percentile), Direction.LOWER_IS_BETTER);
    }
}
