package io.onex.perf;

import io.onex.host.api.Envelope;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.HandlerType;
import io.onex.host.api.Invocation;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.perf.jmh.SampleEnvelope;
import io.onex.wiring.OnexHost;
import io.onex.wiring.StartOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Drives real hosts in this process and measures what the production milestone asks about:
 * memory of a host of ten nodes (against a host of one), envelope throughput through ten local
 * nodes (against the bare in-memory bus relaying
 * between the same two topics), and handler latency of the local, http and db handlers
 * (each against a direct call of the same thing without the host).
 *
 * <p>Latencies are the host's own timing of each handler call ({@code EnvelopeMeter.executed}),
 * not end to end: the time from the host calling the handler to its return.
 */
public final class LoadDriver {

    static final int NODES = 10;
    private static final int SLICES = 10;
    private static final int WARM_UP_SLICES = 20;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final BenchSettings settings;
    private final Consumer<String> progress;
    private final List<Metric> metrics = new ArrayList<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();

    private LoadDriver(BenchSettings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** The load driver's findings: metrics, and what it skipped with why. */
    public record Findings(List<Metric> metrics, Map<String, String> skipped) {
        public Findings {
            metrics = List.copyOf(metrics);
            skipped = Map.copyOf(skipped);
        }
    }

    /** Runs the load driver with {@code settings}; {@code progress} hears what it is doing. */
    public static Findings run(BenchSettings settings, Consumer<String> progress) {
        LoadDriver driver = new LoadDriver(settings, progress);
        driver.runAll();
        return new Findings(driver.metrics, driver.skipped);
    }

    /** Runs the load driver alone, quick unless the first argument is {@code --full}, and prints a table. */
    public static void main(String[] args) {
        BenchSettings settings = args.length > 0 && args[0].equals("--full") ? BenchSettings.full() : BenchSettings.quick();
        Findings findings = run(settings, System.out::println);
        RunResult result = RunResult.now(settings.mode(), findings.metrics(), findings.skipped());
        System.out.println(ResultTable.render(result));
    }

    private void runAll() {
        Path folder = tempFolder();
        try {
            warmUpTheCode(folder);
            double oneNode = hostHeapMb(folder.resolve("one"), 1);
            HandlerTimer timer = HandlerTimer.withCapacity(settings.calls() * 5);
            double before = MemoryProbe.heapUsedAfterGcMb();
            double rssBefore = MemoryProbe.residentSetMb().orElse(0.0);
            try (HostDriver host = HostDriver.start(ContractYaml.echoNodes(folder.resolve("ten"), NODES), Map.of(),
                    StartOptions.defaults().dev().observer(timer))) {
                exchange(host, requests(1_000, NODES));
                double tenNodes = MemoryProbe.heapUsedAfterGcMb() - before;
                memory(oneNode, tenNodes, rssBefore);
                throughput(host);
                localLatency(host, timer);
            }
            IoLatency.measure(folder.resolve("io"), settings, metrics, skipped, progress);
        } finally {
            Cleanup.delete(folder);
        }
    }

    /** Runs a throwaway host first, so class loading and first-use caches are not charged to the one-node host. */
    private void warmUpTheCode(Path folder) {
        try (HostDriver host = HostDriver.start(ContractYaml.echoNodes(folder.resolve("warm"), NODES), Map.of(),
                StartOptions.defaults().dev())) {
            List<Envelope> slice = requests(5_000, NODES);
            for (int i = 0; i < WARM_UP_SLICES; i++) {
                exchange(host, slice);
            }
        }
    }

    private double hostHeapMb(Path folder, int nodes) {
        double before = MemoryProbe.heapUsedAfterGcMb();
        try (HostDriver host = HostDriver.start(ContractYaml.echoNodes(folder, nodes), Map.of(),
                StartOptions.defaults().dev())) {
            exchange(host, requests(1_000, nodes));
            return MemoryProbe.heapUsedAfterGcMb() - before;
        }
    }

    private void memory(double oneNode, double tenNodes, double rssBefore) {
        progress.accept(String.format(Locale.ROOT, "memory: heap of a 10-node host %.1f MB, of a 1-node host %.1f MB",
                tenNodes, oneNode));
        metrics.add(Metric.of("load.memory.host10.heap", "MB", Math.max(tenNodes, 0), "heap of a started 1-node host",
                Math.max(oneNode, 0.01), Direction.LOWER_IS_BETTER));
        metrics.add(Metric.of("load.memory.per_node.heap", "MB", Math.max((tenNodes - oneNode) / (NODES - 1), 0),
                "heap of a started 1-node host", Math.max(oneNode, 0.01), Direction.LOWER_IS_BETTER));
        MemoryProbe.residentSetMb().ifPresent(rss -> metrics.add(Metric.of("load.memory.process.rss", "MB", rss,
                "process RSS after GC just before the 10-node host started", rssBefore, Direction.LOWER_IS_BETTER)));
    }

    /**
     * Measures envelopes per second through the host and through the bare relay in slices that
     * alternate between the two, so a burst of load from another process hits both sides alike.
     */
    private void throughput(HostDriver host) {
        List<Envelope> slice = requests(settings.envelopes() / SLICES, NODES);
        List<Metric> rounds = new ArrayList<>();
        try (BareRelay relay = BareRelay.start()) {
            for (int i = 0; i < WARM_UP_SLICES; i++) {
                relay(relay, slice);
                exchange(host, slice);
            }
            for (int round = 0; round < settings.rounds(); round++) {
                long hostNanos = 0;
                long busNanos = 0;
                for (int i = 0; i < SLICES; i++) {
                    long started = System.nanoTime();
                    relay(relay, slice);
                    long between = System.nanoTime();
                    exchange(host, slice);
                    hostNanos += System.nanoTime() - between;
                    busNanos += between - started;
                }
                double count = (double) slice.size() * SLICES;
                Metric measured = Metric.of("load.throughput", "envelopes/s", count / (hostNanos / 1e9),
                        "bare in-memory bus relay in -> out, no host", count / (busNanos / 1e9), Direction.HIGHER_IS_BETTER);
                progress.accept(String.format(Locale.ROOT, "throughput round %d: host %.0f/s, bare bus %.0f/s, ratio %.3f",
                        round + 1, measured.value(), measured.baseline(), measured.ratio()));
                rounds.add(measured);
            }
        }
        metrics.add(Metric.medianOf(rounds));
    }

    private static void relay(BareRelay relay, List<Envelope> envelopes) {
        if (!relay.relayAll(envelopes, PATIENCE)) {
            throw new IllegalStateException("the bare bus did not relay " + envelopes.size() + " envelopes");
        }
    }

    /**
     * Calls the local echo one envelope at a time through the host, alternating with direct calls
     * of a local handler of the same binding, timed the same way the host times its calls.
     */
    private void localLatency(HostDriver host, HandlerTimer timer) {
        Handler handler = directHandler(host.host().contract().handlers().getFirst());
        Envelope request = SampleEnvelope.request(ContractYaml.ECHO_PREFIX + 0);
        Invocation invocation = new Invocation(request, ContractYaml.ECHO_PREFIX + 0, "local", List.of());
        int[] next = {0};
        Latencies.measure(metrics, new Latencies.Plan("local", settings.rounds(), settings.calls() * 5, 1_000,
                "direct call of a local handler, no host"), timer.samples(HandlerType.of("local")),
                () -> host.call(SampleEnvelope.request(ContractYaml.ECHO_PREFIX + (next[0]++ % NODES)), PATIENCE),
                () -> handler.execute(invocation), progress);
    }

    /**
     * Returns a handler of {@code binding} built by its factory, as the host builds its own, but
     * called directly: the baseline of the handler latency.
     */
    private static Handler directHandler(HandlerBinding binding) {
        HandlerFactory factory = OnexHost.builder().build().handlers().stream()
                .filter(candidate -> candidate.type().equals(binding.type().wireName())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no handler factory of type " + binding.type()));
        Handler handler = factory.create(binding, ref -> {
            throw new IllegalStateException("the " + binding.name() + " binding has no secrets to resolve");
        });
        handler.initialize();
        return handler;
    }

    private void exchange(HostDriver host, List<Envelope> requests) {
        host.publishAll(requests);
        if (!host.awaitResponses(requests.size(), PATIENCE)) {
            throw new IllegalStateException("the host did not answer " + requests.size() + " envelopes within " + PATIENCE);
        }
    }

    /** Returns {@code count} echo requests spread round-robin over the first {@code nodes} echo nodes. */
    private static List<Envelope> requests(int count, int nodes) {
        List<Envelope> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(SampleEnvelope.request(ContractYaml.ECHO_PREFIX + (i % nodes)));
        }
        return requests;
    }

    private static Path tempFolder() {
        try {
            return Files.createTempDirectory("onex-perf-load");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
