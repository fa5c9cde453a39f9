package io.onex.perf.kafka;

import io.onex.perf.BenchSettings;
import io.onex.perf.Cleanup;
import io.onex.perf.ContractYaml;
import io.onex.perf.Direction;
import io.onex.perf.LoadDriver;
import io.onex.perf.Metric;
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
 * order alternating from round to round): burst throughput, then latency paced at 1,000/s, then
 * at 5,000/s. The run reports the median round of each ratio (host / bare) and every round's
 * ratio; after the last round it reads each process's resident set ({@code VmRSS}) and its peak
 * ({@code VmHWM}).
 *
 * <p>Set {@code ONEX_PERF_HOST_JAVA_OPTS} to run the host with other JVM options (it becomes the
 * host's {@code ONEX_JAVA_OPTS}) and {@code ONEX_PERF_BARE_JAVA_OPTS} to give the bare relay some:
 * for measuring a change of the defaults.
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
     * @param warmUp      requests of the warm-up burst of each side (and a fifth of it paced)
     */
    record Plan(int rounds, int burst, int paced1k, int paced5k, int warmUp) {

        static Plan of(BenchSettings settings) {
            return settings.mode().equals("full") ? new Plan(settings.rounds(), 100_000, 10_000, 25_000, 20_000)
                    : new Plan(Math.min(settings.rounds(), 3), 20_000, 3_000, 10_000, 10_000);
        }
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
        Path lib = home.resolve("modules/wiring/target/lib/onex-wiring.jar");
        if (!Files.isRegularFile(lib)) {
            throw new IllegalStateException("the Kafka round trip runs the packaged host, and " + lib
                    + " is missing; build it first (perf/bench.sh does, or ./scripts/mvn -pl perf -am package)");
        }
        KafkaRoundTrip trip = new KafkaRoundTrip(home, Plan.of(settings), progress);
        return new LoadDriver.Findings(trip.measure(), Map.of());
    }

    /** Runs the Kafka round trip alone, quick unless the first argument is {@code --full}, from the repository root. */
    public static void main(String[] args) {
        BenchSettings settings = args.length > 0 && args[0].equals("--full") ? BenchSettings.full() : BenchSettings.quick();
        LoadDriver.Findings findings = run(Path.of("").toAbsolutePath(), settings, System.out::println);
        System.out.println(io.onex.perf.ResultTable.render(
                io.onex.perf.RunResult.now(settings.mode(), findings.metrics(), findings.skipped())));
    }

    private List<Metric> measure() {
        Path folder = tempFolder();
        progress.accept("kafka: starting a broker");
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopics(PARTITIONS, HOST_IN, HOST_OUT, BARE_IN, BARE_OUT);
            broker.createTopic(HOST_DEAD, 1);
            Path runtime = ContractYaml.kafkaEchoNodes(folder.resolve("contract"), NODES, "perf-host", HOST_IN,
                    HOST_OUT, HOST_DEAD);
            try (RelayProcess host = startHost(broker, runtime, folder);
                    RelayProcess bare = startBare(broker, folder);
                    KafkaLoad hostLoad = new KafkaLoad(broker.bootstrapServers(), HOST_IN, HOST_OUT);
                    KafkaLoad bareLoad = new KafkaLoad(broker.bootstrapServers(), BARE_IN, BARE_OUT)) {
                warmUp("bare", bareLoad);
                warmUp("host", hostLoad);
                for (int round = 0; round < plan.rounds(); round++) {
                    round(round, hostLoad, bareLoad);
                }
                return metrics(host, bare);
            }
        } finally {
            Cleanup.delete(folder);
        }
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
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BareKafkaRelay.class.getName(),
                broker.bootstrapServers(), BARE_IN, BARE_OUT, "perf-bare"));
        RelayProcess bare = RelayProcess.start("bare relay", command, home, Map.of(), folder.resolve("bare.log"));
        try {
            bare.awaitLog(BareKafkaRelay.READY, START_LIMIT);
        } catch (RuntimeException e) {
            bare.close();
            throw e;
        }
        return bare;
    }

    private void warmUp(String side, KafkaLoad load) {
        KafkaLoad.Burst burst = load.burst(plan.warmUp(), PATIENCE);
        load.paced(1_000, plan.warmUp() / 5, PATIENCE);
        progress.accept(String.format(Locale.ROOT, "kafka warm-up %s: burst %.0f/s", side, burst.perSecond()));
    }

    private void round(int round, KafkaLoad hostLoad, KafkaLoad bareLoad) {
        boolean bareFirst = round % 2 == 0;
        KafkaLoad.Burst[] bursts = new KafkaLoad.Burst[2];
        for (int i = 0; i < 2; i++) {
            boolean bare = bareFirst == (i == 0);
            bursts[bare ? 1 : 0] = (bare ? bareLoad : hostLoad).burst(plan.burst(), PATIENCE);
        }
        Metric throughput = Metric.of("kafka.throughput", "envelopes/s", bursts[0].perSecond(), BARE,
                bursts[1].perSecond(), Direction.HIGHER_IS_BETTER);
        add(throughput);
        progress.accept(String.format(Locale.ROOT, "kafka round %d burst of %d: host %.0f/s, bare %.0f/s, ratio %.3f",
                round + 1, plan.burst(), throughput.value(), throughput.baseline(), throughput.ratio()));
        paced(round, "1k", 1_000, plan.paced1k(), bareFirst, hostLoad, bareLoad);
        paced(round, "5k", 5_000, plan.paced5k(), bareFirst, hostLoad, bareLoad);
    }

    private void paced(int round, String name, int perSecond, int count, boolean bareFirst, KafkaLoad hostLoad,
            KafkaLoad bareLoad) {
        KafkaLoad.Paced[] runs = new KafkaLoad.Paced[2];
        for (int i = 0; i < 2; i++) {
            boolean bare = bareFirst == (i == 0);
            runs[bare ? 1 : 0] = (bare ? bareLoad : hostLoad).paced(perSecond, count, PATIENCE);
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
