package io.onex.perf;

import io.onex.perf.code.CodeNodeBench;
import io.onex.perf.jmh.MicroBenchmarks;
import io.onex.perf.kafka.KafkaRoundTrip;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The benchmark runner: runs the JMH pairs, the load driver and the Kafka round trip, writes the
 * run as JSON, prints it as a table and, with {@code --gate}, checks it against the baselines.
 *
 * <pre>
 * Bench [--quick | --full] [--skip-jmh] [--skip-load] [--skip-kafka] [--skip-code] [--gate] [--update-reference] [--perf-dir=DIR]
 *       [--out=FILE] [--warmup-ms=N --measure-ms=N] [--rounds=N] [--forks=N]
 * </pre>
 *
 * The code-node measurement ({@link CodeNodeBench}) runs in full runs only: it starts many host
 * processes, which is neither cheap nor steady enough for the gate's quick run.
 *
 * {@code --update-reference} makes the run (a quick one) the gate's new reference: see
 * {@link ReferenceUpdate}.
 *
 * {@code DIR} is the perf module's folder, holding {@code baselines.json} and {@code results/}
 * (default {@code perf}), whose parent is the repository the Kafka round trip runs the host of;
 * {@code FILE} defaults to {@code DIR/results/latest.json}. Exits 1 when
 * the gate fails, 2 on a bad argument.
 */
public final class Bench {

    private Bench() {
    }

    /** Runs the benchmarks like {@link #measure(BenchSettings, boolean, boolean, boolean, boolean, Path, Consumer)}, the code nodes included. */
    public static RunResult measure(BenchSettings settings, boolean jmh, boolean load, boolean kafka, Path home,
            Consumer<String> progress) {
        return measure(settings, jmh, load, kafka, true, home, progress);
    }

    /**
     * Runs the benchmarks with {@code settings} and returns the run; {@code progress} hears each
     * step. The Kafka round trip, when {@code kafka}, and the code nodes, when {@code code} (full
     * runs only), run the host of the repository at {@code home}.
     */
    public static RunResult measure(BenchSettings settings, boolean jmh, boolean load, boolean kafka, boolean code,
            Path home, Consumer<String> progress) {
        List<Metric> metrics = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        if (jmh) {
            metrics.addAll(MicroBenchmarks.run(settings, progress));
        } else {
            skipped.put("jmh", "skipped: --skip-jmh");
        }
        if (load) {
            LoadDriver.Findings findings = LoadDriver.run(settings, progress);
            metrics.addAll(findings.metrics());
            skipped.putAll(findings.skipped());
        } else {
            skipped.put("load", "skipped: --skip-load");
        }
        if (kafka) {
            metrics.addAll(KafkaRoundTrip.run(home, settings, progress).metrics());
        } else {
            skipped.put("kafka", "skipped: --skip-kafka");
        }
        if (code && settings.mode().equals("full")) {
            metrics.addAll(CodeNodeBench.run(settings, home, progress));
        } else {
            skipped.put("code", code ? "skipped: full runs only (make bench)" : "skipped: --skip-code");
        }
        return RunResult.now(settings.mode(), metrics, skipped);
    }

    /** Runs from the command line; see the class comment. */
    public static void main(String[] args) {
        BenchSettings settings = BenchSettings.quick();
        boolean jmh = true;
        boolean load = true;
        boolean kafka = true;
        boolean code = true;
        boolean gate = false;
        boolean updateReference = false;
        Path dir = Path.of("perf");
        Path out = null;
        int warmupMs = -1;
        int measureMs = -1;
        try {
            for (String arg : args) {
                String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
                switch (arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg) {
                    case "--quick" -> settings = BenchSettings.quick();
                    case "--full" -> settings = BenchSettings.full();
                    case "--skip-jmh" -> jmh = false;
                    case "--skip-load" -> load = false;
                    case "--skip-kafka" -> kafka = false;
                    case "--skip-code" -> code = false;
                    case "--gate" -> gate = true;
                    case "--update-reference" -> updateReference = true;
                    case "--perf-dir" -> dir = Path.of(value);
                    case "--out" -> out = Path.of(value);
                    case "--warmup-ms" -> warmupMs = Integer.parseInt(value);
                    case "--measure-ms" -> measureMs = Integer.parseInt(value);
                    case "--rounds" -> settings = settings.withRounds(Integer.parseInt(value));
                    case "--forks" -> settings = settings.withForks(Integer.parseInt(value));
                    default -> throw new IllegalArgumentException("unknown argument: " + arg);
                }
            }
            if (warmupMs > 0 || measureMs > 0) {
                settings = settings.withIterationMillis(warmupMs > 0 ? warmupMs : settings.warmupMillis(),
                        measureMs > 0 ? measureMs : settings.measureMillis());
            }
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        RunResult run = measure(settings, jmh, load, kafka, code, dir.toAbsolutePath().getParent(),
                line -> System.out.println("  " + line));
        Path file = out != null ? out : dir.resolve("results/latest.json");
        run.write(file);
        System.out.println();
        System.out.print(ResultTable.render(run));
        System.out.println("results written to " + file);
        if (updateReference) {
            System.out.println("new reference " + ReferenceUpdate.apply(run, dir) + "; baselines.json points at it");
        }
        if (gate) {
            Gate.Verdict verdict = Gate.check(run, Baselines.read(dir.resolve("baselines.json")));
            System.out.println(verdict.report());
            if (!verdict.passed()) {
                System.exit(1);
            }
        }
    }
}
