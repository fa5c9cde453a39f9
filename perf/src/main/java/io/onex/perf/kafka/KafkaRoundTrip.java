package io.onex.perf.kafka;

import io.onex.perf.BenchSettings;
import io.onex.perf.Cleanup;
import io.onex.perf.ContractYaml;
import io.onex.perf.Direction;
import io.onex.perf.JavaMain;
import io.onex.perf.LoadDriver;
import io.onex.perf.Metric;
import io.onex.perf.ResultTable;
import io.onex.perf.RunResult;
import io.onex.testkit.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Kafka round trip: the runtime host and a bare kafka-clients relay, each a process of its
 * own, driven in the same run against one broker (the testkit's {@link KafkaBroker}).
 *
 * <p>The host is started the way users start it, {@code ./onex-host dev runtime.yaml} with the
 * launcher's default JVM options, hosting ten local echo nodes on the Kafka bus. The baseline is
 * {@link BareKafkaRelay} with the JDK's default JVM options. A {@link KafkaLoad} per side writes
 * requests and times the answers. Each round measures, for both sides one after the other (the
 * order alternating from round to round): burst throughput with the CPU time each process used
 * for it ({@code /proc/<pid>/stat}), then latency paced at 1,000/s, then at 5,000/s. The run
 * reports the median round of each ratio (host / bare) with every round's ratio; after the last
 * round it reads each process's resident set ({@code VmRSS}) and its peak ({@code VmHWM}). Before
 * the first round, after the warm-up, both are left without input for a few seconds and the CPU
 * each uses meanwhile is measured. The broker runs in the JVM Kafka's own scripts give a broker
 * ({@link KafkaBroker.Jvm#PRODUCTION}), so its collector's pauses do not dominate the latency tails.
 *
 * <p>For measuring a change without editing code: {@code ONEX_PERF_HOST_JAVA_OPTS} runs the host
 * with other JVM options (it becomes the host's {@code ONEX_JAVA_OPTS}),
 * {@code ONEX_PERF_BARE_JAVA_OPTS} gives the bare relay some, {@code ONEX_PERF_CLIENT_PROPERTIES}
 * ({@code name=value,...}) gives the host's contract Kafka {@code client_properties}, and with
 * {@code ONEX_PERF_NMT} set the Native Memory Tracking summary of both JVMs is printed after the
 * last round (give them {@code -XX:NativeMemoryTracking=summary} through the options variables).
 */
public final class KafkaRoundTrip {

    static final int NODES = 10;
    static final int PARTITIONS = 3;
    private static final String HOST_IN = "onex.perf.echo.cmd.v1";
    private static final String HOST_OUT = "onex.perf.echo.evt.v1";
    private static final String HOST_DEAD = "onex.perf.echo.error.v1";
    private static final String BARE_IN = "onex.perf.bare.cmd.v1";
    private static final String BARE_OUT = "onex.perf.bare.evt.v1";
    private static final String BARE = "bare kafka-clients relay process (poll, produce, flush, commitSync; JDK defaults)";
    private static final Duration START_LIMIT = Duration.ofSeconds(120);
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    /**
     * Warm-up bursts per side before the first round: enough for the host's C2 compiler (the
     * launcher's default, on one thread) to have compiled the Kafka path, about 130,000 envelopes
     * on 2 shared cores; with four, the first two rounds still ran partly interpreted.
     */
    private static final int WARM_UP_BURSTS = 10;
    /** How long both processes are left without input while their CPU time is measured. */
    private static final Duration IDLE = Duration.ofSeconds(5);

    private final Path home;
    private final Plan plan;
    private final Consumer<String> progress;
    private final Map<String, List<Metric>> rounds = new LinkedHashMap<>();

    /**
     * How much one run sends.
     *
     * @param rounds      interleaved rounds
     * @param burst       requests per burst
     * @param paced1k     requests paced at 1,000/s per round
     * @param paced5k     requests paced at 5,000/s per round
     * @param warmUp      requests of each warm-up burst
     */
    record Plan(int rounds, int burst, int paced1k, int paced5k, int warmUp) {

        static Plan of(BenchSettings settings) {
            return settings.mode().equals("full") ? new Plan(settings.rounds(), 100_000, 10_000, 25_000, 25_000)
                    : new Plan(Math.min(settings.rounds(), 3), 20_000, 3_000, 10_000, 15_000);
        }

        Plan withRounds(int value) {
            return new Plan(value, burst, paced1k, paced5k, warmUp);
        }
    }

    /** The two processes and the load driver of each. */
    private record Sides(RelayProcess host, RelayProcess bare, KafkaLoad hostLoad, KafkaLoad bareLoad) {
    }

    private KafkaRoundTrip(Path home, Plan plan, Consumer<String> progress) {
        this.home = home;
        this.plan = plan;
        this.progress = progress;
    }

    /**
     * Runs the Kafka round trip with the host of the repository at {@code home} (its launcher
     * {@code onex-host} and the build it runs, {@code modules/wiring/target/lib}).
     *
     * @throws IllegalStateException when the host is not built, a process does not start or a
     *                               request is not answered in time
     */
    public static LoadDriver.Findings run(Path home, BenchSettings settings, Consumer<String> progress) {
        return run(home, Plan.of(settings), progress);
    }

    private static LoadDriver.Findings run(Path home, Plan plan, Consumer<String> progress) {
        Path lib = home.resolve("modules/wiring/target/lib/onex-wiring.jar");
        if (!Files.isRegularFile(lib)) {
            throw new IllegalStateException("the Kafka round trip runs the packaged host, and " + lib
                    + " is missing; build it first (perf/bench.sh does, or ./scripts/mvn -pl perf -am package)");
        }
        return new LoadDriver.Findings(new KafkaRoundTrip(home, plan, progress).measure(), Map.of());
    }

    /**
     * Runs the Kafka round trip alone from the repository root: {@code [--full] [--rounds=N]}
     * (quick unless {@code --full}; {@code --rounds} also lifts the quick mode's cap of three).
     */
    public static void main(String[] args) {
        BenchSettings settings = List.of(args).contains("--full") ? BenchSettings.full() : BenchSettings.quick();
        Plan plan = Plan.of(settings);
        for (String arg : args) {
            if (arg.startsWith("--rounds=")) {
                plan = plan.withRounds(Integer.parseInt(arg.substring("--rounds=".length())));
            }
        }
        LoadDriver.Findings findings = run(Path.of("").toAbsolutePath(), plan, System.out::println);
        System.out.println(ResultTable.render(RunResult.now(settings.mode(), findings.metrics(), findings.skipped())));
    }

    private List<Metric> measure() {
        Path folder = tempFolder();
        progress.accept("kafka: starting a broker");
        try (KafkaBroker broker = KafkaBroker.start(KafkaBroker.Jvm.PRODUCTION)) {
            broker.createTopics(PARTITIONS, HOST_IN, HOST_OUT, BARE_IN, BARE_OUT);
            broker.createTopic(HOST_DEAD, 1);
            Path runtime = ContractYaml.kafkaEchoNodes(folder.resolve("contract"), NODES, "perf-host", HOST_IN,
                    HOST_OUT, HOST_DEAD, clientProperties());
            try (RelayProcess host = startHost(broker, runtime, folder);
                    RelayProcess bare = startBare(broker, folder);
                    KafkaLoad hostLoad = new KafkaLoad(broker.bootstrapServers(), HOST_IN, HOST_OUT);
                    KafkaLoad bareLoad = new KafkaLoad(broker.bootstrapServers(), BARE_IN, BARE_OUT)) {
                warmUp("bare", bareLoad);
                warmUp("host", hostLoad);
                idle(host, bare);
                Sides sides = new Sides(host, bare, hostLoad, bareLoad);
                for (int round = 0; round < plan.rounds(); round++) {
                    round(round, sides);
                }
                return metrics(host, bare);
            }
        } finally {
            Cleanup.delete(folder);
        }
    }

    /** Returns the client properties in {@code ONEX_PERF_CLIENT_PROPERTIES} ({@code name=value,...}); none if unset. */
    private Map<String, String> clientProperties() {
        String setting = System.getenv("ONEX_PERF_CLIENT_PROPERTIES");
        Map<String, String> properties = new LinkedHashMap<>();
        if (setting != null && !setting.isBlank()) {
            for (String pair : setting.split(",")) {
                String[] parts = pair.split("=", 2);
                if (parts.length != 2) {
                    throw new IllegalArgumentException("ONEX_PERF_CLIENT_PROPERTIES: '" + pair + "' is not name=value");
                }
                properties.put(parts[0].trim(), parts[1].trim());
            }
            progress.accept("kafka: the host's contract sets client_properties " + properties);
        }
        return properties;
    }

    private RelayProcess startHost(KafkaBroker broker, Path runtime, Path folder) {
        Map<String, String> environment = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "ONEX_SKIP_BUILD", "1"));
        String options = System.getenv("ONEX_PERF_HOST_JAVA_OPTS");
        if (options != null && !options.isBlank()) {
            environment.put("ONEX_JAVA_OPTS", options);
            progress.accept("kafka: the host runs with ONEX_JAVA_OPTS=" + options);
        }
        List<String> command = List.of(home.resolve("onex-host").toString(), "dev", runtime.toString());
        progress.accept("kafka: starting the host: onex-host dev " + runtime.getFileName());
        RelayProcess host = RelayProcess.start("host", command, home, environment, folder.resolve("host.log"));
        try {
            host.awaitLog("input partitions assigned", START_LIMIT);
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
        return host;
    }

    private RelayProcess startBare(KafkaBroker broker, Path folder) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String options = System.getenv("ONEX_PERF_BARE_JAVA_OPTS");
        if (options != null && !options.isBlank()) {
            command.addAll(List.of(options.trim().split("\\s+")));
            progress.accept("kafka: the bare relay runs with " + options);
        }
        command.addAll(JavaMain.of(BareKafkaRelay.class));
        command.addAll(List.of(broker.bootstrapServers(), BARE_IN, BARE_OUT, "perf-bare"));
        RelayProcess bare = RelayProcess.start("bare relay", command, home, Map.of(), folder.resolve("bare.log"));
        try {
            bare.awaitLog(BareKafkaRelay.READY, START_LIMIT);
        } catch (RuntimeException e) {
            bare.close();
            throw e;
        }
        return bare;
    }

    /**
     * Sends {@link #WARM_UP_BURSTS} bursts with half a second at 1,000/s and at 5,000/s after every
     * third, then a second at 1,000/s, so that what is measured runs compiled. The warm-up mixes the
     * patterns the rounds measure: after bursts alone, the host's first round was its worst in every
     * run (p50 at 1,000/s 2.2-3.4 ms against 0.8, its burst 0.8-1.3x the relay's against 1.5-2),
     * while the C2 compiler (the launcher's only one) compiled the path again for the other pattern.
     */
    private void warmUp(String side, KafkaLoad load) {
        StringBuilder line = new StringBuilder("kafka warm-up " + side + ": bursts");
        for (int i = 0; i < WARM_UP_BURSTS; i++) {
            line.append(String.format(Locale.ROOT, " %.0f/s", load.burst(plan.warmUp(), PATIENCE).perSecond()));
            if (i % 3 == 2) {
                load.paced(1_000, 500, PATIENCE);
                load.paced(5_000, 2_500, PATIENCE);
            }
        }
        load.paced(1_000, 1_000, PATIENCE);
        progress.accept(line.toString());
    }

    /**
     * Measures the CPU both processes use with no input, over the same {@link #IDLE} window after
     * a second of quiet: what a host costs while its topics are idle (the consumer's fetches, the
     * producer's and the JVM's housekeeping).
     */
    private void idle(RelayProcess host, RelayProcess bare) {
        try {
            Thread.sleep(1_000);
            long hostBefore = host.cpuMillis();
            long bareBefore = bare.cpuMillis();
            Thread.sleep(IDLE.toMillis());
            double seconds = IDLE.toMillis() / 1000.0;
            Metric idle = Metric.of("kafka.cpu.idle", "ms/s", (host.cpuMillis() - hostBefore) / seconds,
                    BARE + ", CPU time per second with no input", Math.max((bare.cpuMillis() - bareBefore) / seconds, 0.1),
                    Direction.LOWER_IS_BETTER);
            add(idle);
            progress.accept(String.format(Locale.ROOT, "kafka idle for %d s: CPU host %.1f ms/s, bare %.1f ms/s",
                    IDLE.toSeconds(), idle.value(), idle.baseline()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring idle CPU", e);
        }
    }

    private void round(int round, Sides sides) {
        boolean bareFirst = round % 2 == 0;
        KafkaLoad.Burst[] bursts = new KafkaLoad.Burst[2];
        double[] cpuMicros = new double[2];
        for (int i = 0; i < 2; i++) {
            boolean bare = bareFirst == (i == 0);
            RelayProcess process = bare ? sides.bare() : sides.host();
            long cpuBefore = process.cpuMillis();
            bursts[bare ? 1 : 0] = (bare ? sides.bareLoad() : sides.hostLoad()).burst(plan.burst(), PATIENCE);
            cpuMicros[bare ? 1 : 0] = (process.cpuMillis() - cpuBefore) * 1000.0 / plan.burst();
        }
        Metric throughput = Metric.of("kafka.throughput", "envelopes/s", bursts[0].perSecond(), BARE,
                bursts[1].perSecond(), Direction.HIGHER_IS_BETTER);
        add(throughput);
        Metric cpu = Metric.of("kafka.cpu.per_envelope", "us", cpuMicros[0], BARE + ", CPU time during the burst",
                Math.max(cpuMicros[1], 0.01), Direction.LOWER_IS_BETTER);
        add(cpu);
        progress.accept(String.format(Locale.ROOT, "kafka round %d burst of %d: host %.0f/s, bare %.0f/s, ratio %.3f;"
                + " CPU per envelope host %.0f us, bare %.0f us", round + 1, plan.burst(), throughput.value(),
                throughput.baseline(), throughput.ratio(), cpu.value(), cpu.baseline()));
        paced(round, "1k", 1_000, plan.paced1k(), bareFirst, sides);
        paced(round, "5k", 5_000, plan.paced5k(), bareFirst, sides);
    }

    private void paced(int round, String name, int perSecond, int count, boolean bareFirst, Sides sides) {
        KafkaLoad.Paced[] runs = new KafkaLoad.Paced[2];
        for (int i = 0; i < 2; i++) {
            boolean bare = bareFirst == (i == 0);
            runs[bare ? 1 : 0] = (bare ? sides.bareLoad() : sides.hostLoad()).paced(perSecond, count, PATIENCE);
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "kafka round %d paced %d/s:", round + 1,
                perSecond));
        for (double percentile : new double[] {50, 99, 99.9}) {
            String suffix = percentile == 99.9 ? "p999" : "p" + (int) percentile;
            Metric metric = Metric.of("kafka.latency." + name + "." + suffix, "ms",
                    runs[0].latencies().percentileMillis(percentile), BARE,
                    runs[1].latencies().percentileMillis(percentile), Direction.LOWER_IS_BETTER);
            add(metric);
            line.append(String.format(Locale.ROOT, " %s host %.1f ms bare %.1f ms;", suffix, metric.value(),
                    metric.baseline()));
        }
        progress.accept(line.toString());
    }

    private void add(Metric metric) {
        rounds.computeIfAbsent(metric.name(), name -> new ArrayList<>()).add(metric);
    }

    private List<Metric> metrics(RelayProcess host, RelayProcess bare) {
        List<Metric> metrics = new ArrayList<>();
        rounds.values().forEach(measured -> metrics.add(Metric.medianOf(measured)));
        double hostRss = host.residentMb();
        double bareRss = bare.residentMb();
        double hostPeak = host.peakResidentMb();
        double barePeak = bare.peakResidentMb();
        if (System.getenv("ONEX_PERF_NMT") != null) {
            progress.accept("kafka: native memory of the host\n" + host.nativeMemory());
            progress.accept("kafka: native memory of the bare relay\n" + bare.nativeMemory());
        }
        progress.accept(String.format(Locale.ROOT, "kafka memory: host RSS %.0f MB (peak %.0f MB), bare RSS %.0f MB"
                + " (peak %.0f MB)", hostRss, hostPeak, bareRss, barePeak));
        metrics.add(Metric.of("kafka.memory.rss", "MB", hostRss, BARE + ", VmRSS after the run", bareRss,
                Direction.LOWER_IS_BETTER));
        metrics.add(Metric.of("kafka.memory.peak", "MB", hostPeak, BARE + ", VmHWM after the run", barePeak,
                Direction.LOWER_IS_BETTER));
        return metrics;
    }

    private static Path tempFolder() {
        try {
            return Files.createTempDirectory("onex-perf-kafka");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
