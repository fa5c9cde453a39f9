package io.onex.perf.code;

import io.onex.perf.BenchSettings;
import io.onex.perf.Direction;
import io.onex.perf.JavaMain;
import io.onex.perf.MemoryProbe;
import io.onex.perf.Metric;
import io.onex.perf.ProcessCpu;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * What a code node costs (issue 21, item 6), measured through the {@code onex-host} command line
 * of a host composed with {@code OnexHost.builder().node(...)} ({@link CodeNodeHost}), each run
 * in a JVM of its own started with the launcher's JVM options ({@code scripts/java-options.sh}),
 * fed over {@code --stdio}:
 *
 * <ul>
 *   <li>{@code code.node.calls}: handler calls per second made by a code node whose code makes
 *       {@value #CALLS} {@code local.echo} calls per request, against the same calls sent as plain
 *       {@code local.echo} envelopes to a handler node of the same host (higher is better; above
 *       1 the code node does the work for less than the envelopes cost);</li>
 *   <li>{@code code.nodes_1000.*}: a host of {@value #MANY} code nodes against one of {@value #FEW}:
 *       the time to its first answer from the JVM's start, its heap after garbage collection and
 *       resident set once the traffic was answered, and its throughput with requests spread over
 *       all its nodes (lower is better, but throughput).</li>
 * </ul>
 *
 * Every round starts the three hosts afresh, interleaved; each metric is the median round.
 */
public final class CodeNodeBench {

    /** The local binding every node calls. */
    static final String BINDING = "work";
    /** The handler node that takes the plain envelopes. */
    static final String DIRECT = "direct";
    /** Calls a benchmark node's code makes per request. */
    static final int CALLS = 2;
    /** Code nodes of the large host. */
    static final int MANY = 1_000;
    /**
     * Code nodes of the small host. With requests spread over them, the host's 256 envelopes in
     * flight stay within their run places (64 each): a node past them answers OVERLOADED.
     */
    static final int FEW = 10;
    private static final long RUN_LIMIT_SECONDS = 600;
    private static final int STDERR_TAIL = 40;

    private CodeNodeBench() {
    }

    /** Returns the name of code node {@code i}. */
    static String codeNode(int i) {
        return "coded_" + i;
    }

    /**
     * The outcome of one host run.
     *
     * @param firstAnswerMs from the JVM's start to the answer of the first request
     * @param perSecond     requests answered per second once warm
     * @param heapMb        heap in use after garbage collection, after the traffic
     * @param rssMb         resident set after the traffic
     * @param cpuMicros     CPU time (user and system, every thread) per measured request
     */
    record Outcome(double firstAnswerMs, double perSecond, double heapMb, double rssMb, double cpuMicros) {
    }

    /**
     * Runs the measurement with {@code settings} (the number of rounds; requests per run are a
     * tenth of the load driver's envelopes) for the repository at {@code home}, and returns its metrics.
     */
    public static List<Metric> run(BenchSettings settings, Path home, Consumer<String> progress) {
        int requests = Math.max(1_000, settings.envelopes() / 10);
        Path dir;
        try {
            dir = Files.createTempDirectory("onex-code-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Path few = writeContracts(dir.resolve("few"), FEW);
            Path many = writeContracts(dir.resolve("many"), MANY);
            List<Metric> calls = new ArrayList<>();
            List<Metric> cpu = new ArrayList<>();
            List<Metric> start = new ArrayList<>();
            List<Metric> heap = new ArrayList<>();
            List<Metric> rss = new ArrayList<>();
            List<Metric> throughput = new ArrayList<>();
            for (int round = 1; round <= settings.rounds(); round++) {
                Outcome code = host(home, few, FEW, i -> request(codeNode(i % FEW), i), requests);
                Outcome direct = host(home, few, FEW, CodeNodeBench::directRequest, requests * CALLS);
                Outcome scaled = host(home, many, MANY, i -> request(codeNode(i % MANY), i), requests);
                progress.accept(String.format(Locale.ROOT, "code nodes round %d: %.0f calls/s in code vs %.0f as"
                        + " envelopes, CPU %.1f vs %.1f µs per call; %d nodes: first answer %.0f ms, heap %.1f MB,"
                        + " RSS %.0f MB, %.0f req/s; %d nodes: %.0f ms, %.1f MB, %.0f MB, %.0f req/s", round,
                        code.perSecond * CALLS, direct.perSecond, code.cpuMicros / CALLS, direct.cpuMicros, MANY,
                        scaled.firstAnswerMs, scaled.heapMb, scaled.rssMb, scaled.perSecond, FEW, code.firstAnswerMs,
                        code.heapMb, code.rssMb, code.perSecond));
                calls.add(Metric.of("code.node.calls", "calls/s", code.perSecond * CALLS,
                        "the same local.echo calls as plain envelopes", direct.perSecond, Direction.HIGHER_IS_BETTER));
                cpu.add(Metric.of("code.node.cpu_per_call", "µs", code.cpuMicros / CALLS,
                        "CPU per plain local.echo envelope", direct.cpuMicros, Direction.LOWER_IS_BETTER));
                String baseline = "a host of " + FEW + " code nodes";
                start.add(Metric.of("code.nodes_1000.first_answer", "ms", scaled.firstAnswerMs, baseline,
                        code.firstAnswerMs, Direction.LOWER_IS_BETTER));
                heap.add(Metric.of("code.nodes_1000.heap", "MB", scaled.heapMb, baseline, code.heapMb,
                        Direction.LOWER_IS_BETTER));
                rss.add(Metric.of("code.nodes_1000.rss", "MB", scaled.rssMb, baseline, code.rssMb,
                        Direction.LOWER_IS_BETTER));
                throughput.add(Metric.of("code.nodes_1000.throughput", "req/s", scaled.perSecond, baseline,
                        code.perSecond, Direction.HIGHER_IS_BETTER));
            }
            return Stream.of(calls, cpu, start, heap, rss, throughput).map(Metric::medianOf).toList();
        } finally {
            delete(dir);
        }
    }

    /** Writes a runtime contract with a local binding, the handler node and {@code nodes} code nodes. */
    static Path writeContracts(Path dir, int nodes) {
        try {
            Files.createDirectories(dir.resolve("nodes"));
            Files.writeString(dir.resolve("runtime.yaml"), """
                    schema_version: "1.0.0"
                    runtime:
                      name: code_bench
                      version: "1.0.0"
                      environment: dev
                      event_bus: { kind: inmemory }
                      handlers:
                        - type: local
                          name: %s
                      nodes_dir: nodes
                      shutdown: { grace_seconds: 5 }
                    """.formatted(BINDING));
            Files.writeString(dir.resolve("nodes/" + DIRECT + ".yaml"), """
                    schema_version: "1.0.0"
                    name: %s
                    node_type: EFFECT
                    io_operations:
                      - handler: %s
                        operations: [local.echo]
                    """.formatted(DIRECT, BINDING));
            for (int i = 0; i < nodes; i++) {
                Files.writeString(dir.resolve("nodes/" + codeNode(i) + ".yaml"), """
                        schema_version: "1.0.0"
                        name: %s
                        node_type: EFFECT
                        implementation: code
                        operations:
                          - name: run
                        io_operations:
                          - handler: %s
                            operations: [local.echo]
                        """.formatted(codeNode(i), BINDING));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String request(String node, int n) {
        return "{\"target_node\":\"" + node + "\",\"handler_type\":\"node\",\"operation\":\"" + node
                + ".run\",\"payload\":{\"n\":" + n + ",\"item\":\"tea\"}}\n";
    }

    static String directRequest(int n) {
        return "{\"target_node\":\"" + DIRECT + "\",\"handler_type\":\"local\",\"operation\":\"local.echo\","
                + "\"payload\":{\"n\":" + n + ",\"item\":\"tea\"}}\n";
    }

    /**
     * Starts the host of {@code dir} with {@code nodes} code nodes, answers one request, then
     * {@code count} as warm-up and {@code count} measured; reads its memory; closes its input and
     * requires a clean exit.
     */
    static Outcome host(Path home, Path dir, int nodes, IntFunction<String> requests, int count) {
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "source \"$1\"; shift; exec \"$0\" \"${onex_required_java_opts[@]}\" $onex_default_java_opts \"$@\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                home.resolve("scripts/java-options.sh").toString()));
        command.addAll(JavaMain.of(CodeNodeHost.class));
        command.addAll(List.of(dir.toString(), Integer.toString(nodes), Integer.toString(CALLS)));
        Deque<String> stderr = new ArrayDeque<>();
        long started = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread errors = Thread.ofPlatform().daemon().start(() -> keepTail(process.getErrorStream(), stderr));
        Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
            try {
                if (!process.waitFor(RUN_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (BufferedWriter in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(),
                StandardCharsets.UTF_8));
             BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                     StandardCharsets.UTF_8))) {
            in.write(requests.apply(0));
            in.flush();
            answer(out, stderr);
            double firstAnswerMs = (System.nanoTime() - started) / 1e6;
            Thread writer = Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (int i = 1; i <= 2 * count; i++) {
                        in.write(requests.apply(i));
                    }
                    in.flush();
                } catch (IOException e) {
                    // The host went away; the reader reports it.
                }
            });
            for (int i = 0; i < count; i++) {
                answer(out, stderr);
            }
            long measured = System.nanoTime();
            long cpuBefore = ProcessCpu.millis(process.pid());
            for (int i = 0; i < count; i++) {
                answer(out, stderr);
            }
            double perSecond = count / ((System.nanoTime() - measured) / 1e9);
            double cpuMicros = (ProcessCpu.millis(process.pid()) - cpuBefore) * 1000.0 / count;
            writer.join(TimeUnit.SECONDS.toMillis(RUN_LIMIT_SECONDS));
            double heapMb = heap(dir);
            double rssMb = MemoryProbe.processMb(process.pid(), "VmRSS").orElse(0.0);
            in.close();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("the benchmark host did not exit cleanly: " + tail(stderr));
            }
            return new Outcome(firstAnswerMs, perSecond, heapMb, rssMb, cpuMicros);
        } catch (IOException e) {
            throw new UncheckedIOException("the benchmark host failed: " + tail(stderr), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            process.destroyForcibly();
            watchdog.interrupt();
            errors.interrupt();
        }
    }

    /** Reads one answer, which must be a success: a benchmark of errors measures nothing. */
    private static void answer(BufferedReader out, Deque<String> stderr) throws IOException {
        String line = out.readLine();
        if (line == null) {
            throw new IllegalStateException("the benchmark host stopped answering: " + tail(stderr));
        }
        if (!line.contains("\"success\":true")) {
            throw new IllegalStateException("the benchmark host answered an error: " + line);
        }
    }

    /** Asks the host for its heap after garbage collection and waits (at most 60 s) for the figure. */
    private static double heap(Path dir) throws IOException, InterruptedException {
        Path answer = dir.resolve("heap-mb");
        Files.writeString(dir.resolve("heap-probe"), "");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(answer)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the benchmark host did not report its heap within 60 s");
                }
                Thread.sleep(50);
            }
            return Double.parseDouble(Files.readString(answer).strip());
        } finally {
            Files.deleteIfExists(dir.resolve("heap-probe"));
            Files.deleteIfExists(answer);
        }
    }

    private static void keepTail(InputStream stream, Deque<String> tail) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > STDERR_TAIL) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // The process ended.
        }
    }

    private static String tail(Deque<String> stderr) {
        synchronized (stderr) {
            return String.join("\n", stderr);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }
}
