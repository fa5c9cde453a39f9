package io.onex.perf.jmh;

import io.onex.perf.BenchSettings;
import io.onex.perf.Direction;
import io.onex.perf.Metric;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH benchmarks through JMH's Runner API as subject/baseline pairs: each round runs
 * both sides back to back (alternating which goes first), so both see the same machine; the
 * median round is reported and every round's ratio kept.
 */
public final class MicroBenchmarks {

    /** A benchmark and its in-run baseline, both in operations per second. */
    record Pair(String metric, Class<?> benchmark, String subject, String baseline, String baselineName) {
    }

    /** The pairs measured by every run. */
    static final List<Pair> PAIRS = List.of(
            new Pair("jmh.codec.decode", CodecBenchmark.class, "decode", "plainRead",
                    "plain Jackson streaming read of the same bytes into maps"),
            new Pair("jmh.codec.encode", CodecBenchmark.class, "encode", "plainWrite",
                    "plain Jackson streaming write of the same document from maps"),
            new Pair("jmh.host.roundtrip", HostRoundTripBenchmark.class, "host", "bus",
                    "bare in-memory bus relay in -> out, no host"),
            new Pair("jmh.host.roundtrip.bounded", HostRoundTripBenchmark.class, "host", "boundedBus",
                    "bare in-memory bus relay in -> out through topics of 256 messages, as the host's"));

    private MicroBenchmarks() {
    }

    /** Runs every pair with {@code settings}; {@code progress} hears one line per finished JMH run. */
    public static List<Metric> run(BenchSettings settings, Consumer<String> progress) {
        List<Metric> metrics = new ArrayList<>();
        for (Pair pair : PAIRS) {
            List<Metric> rounds = new ArrayList<>();
            for (int round = 0; round < settings.rounds(); round++) {
                double subject;
                double baseline;
                if (round % 2 == 0) {
                    baseline = score(pair.benchmark(), pair.baseline(), settings);
                    subject = score(pair.benchmark(), pair.subject(), settings);
                } else {
                    subject = score(pair.benchmark(), pair.subject(), settings);
                    baseline = score(pair.benchmark(), pair.baseline(), settings);
                }
                Metric measured = Metric.of(pair.metric(), "ops/s", subject, pair.baselineName(), baseline,
                        Direction.HIGHER_IS_BETTER);
                progress.accept(String.format(java.util.Locale.ROOT, "%s round %d: %.0f vs %.0f ops/s, ratio %.3f",
                        pair.metric(), round + 1, subject, baseline, measured.ratio()));
                rounds.add(measured);
            }
            metrics.add(Metric.medianOf(rounds));
        }
        return metrics;
    }

    private static double score(Class<?> benchmark, String method, BenchSettings settings) {
        OptionsBuilder builder = new OptionsBuilder();
        Module module = benchmark.getModule();
        if (module.isNamed()) {
            // JMH forks its JVMs on this JVM's class path alone: give them the module path too, so the
            // benchmarks run in their module there as here (JMH's own classes resolve from it as jmh.core).
            builder.jvmArgsPrepend("--module-path", System.getProperty("jdk.module.path"), "--add-modules",
                    module.getName());
        }
        Options options = builder
                .include("^" + benchmark.getName().replace(".", "\\.") + "\\." + method + "$")
                .warmupIterations(settings.warmupIterations())
                .warmupTime(TimeValue.milliseconds(settings.warmupMillis()))
                .measurementIterations(settings.measureIterations())
                .measurementTime(TimeValue.milliseconds(settings.measureMillis()))
                .forks(settings.forks())
                .threads(1)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        try {
            Collection<RunResult> results = new Runner(options).run();
            if (results.isEmpty()) {
                throw new IllegalStateException("JMH found no benchmark " + benchmark.getSimpleName() + "." + method);
            }
            return results.iterator().next().getPrimaryResult().getScore();
        } catch (RunnerException e) {
            throw new IllegalStateException("JMH failed on " + benchmark.getSimpleName() + "." + method, e);
        }
    }
}
