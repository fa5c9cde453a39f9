package io.onex.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.wiring.HealthProbe;
import io.onex.wiring.Launcher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory pressure: ten nodes, envelopes with 1 MiB payloads written through {@code --stdio} as
 * fast as the host takes them, with backpressure on. The host process (launched with the
 * launcher's default JVM options) must stay under a resident-memory bound, and its heap after a
 * full collection must come back to where it was after the first round (no leak).
 */
class MemoryPressureChaosIT {

    static final int NODES = 10;
    static final int PER_ROUND = 100;
    static final int ROUNDS = 3;
    static final int PAYLOAD_BYTES = 1024 * 1024;
    static final long MIB = 1024 * 1024;
    /** The seed's figure for a host with ten nodes, asserted on the idle host. */
    static final long IDLE_BOUND = 200 * MIB;
    /**
     * The bound on the host's peak RSS under 1 MiB payloads: the memory limit the production
     * milestone gives the host's pod (512 Mi). 200 MB cannot hold under this load with the default
     * JVM options: the idle JVM alone is ~165 MiB; see docs/CHAOS.md.
     */
    static final long RSS_BOUND = 512 * MIB;
    /**
     * How much more than the idle host's the old generation may hold after a full GC following a
     * round (100 MiB of payloads), and how much it may grow from the first round to the last. What
     * stays is a few payload-sized buffers the JSON library keeps per thread for reuse (it varies
     * from 3 to 16 MiB between runs); a leak of even a tenth of each round would exceed it.
     */
    static final long RETAINED_TOLERANCE = 32 * MIB;
    static final long LEAK_TOLERANCE = 16 * MIB;
    /**
     * The old generation's use: after a full collection it holds everything live, and unlike the
     * young generation it does not fill up again with the garbage of the metrics scrape itself.
     */
    private static final Pattern OLD_GEN_USED = Pattern.compile(
            "(?m)^jvm_memory_used_bytes\\{[^}]*id=\"[^\"]*(?:Tenured|Old) Gen\"[^}]*} ([0-9.eE+]+)");

    @TempDir
    Path dir;

    @Test
    void tenNodesOfOneMebibytePayloadsStayUnderTheBoundAndTheHeapReturnsAfterEachRound() throws Exception {
        ChaosReport report = ChaosReport.begin("5. Memory pressure: " + NODES + " nodes, 1 MiB payloads, "
                + PER_ROUND + " envelopes per round, " + ROUNDS + " rounds");
        String outcome = "failed";
        try (StdioHost host = StdioHost.start(Map.of(), "dev", contract().toString());
                ProcessMemory memory = ProcessMemory.watch(host.process().process.pid())) {
            HealthProbe probe = HealthProbe.of(host.process(), Duration.ofSeconds(60));
            fullGc(host);
            long idleRss = memory.rss();
            long idleHeap = heapUsed(probe);
            report.event("host started; idle RSS " + ProcessMemory.mib(idleRss) + ", old generation after GC "
                    + ProcessMemory.mib(idleHeap));
            report.figure("idle RSS (after start, after GC)", ProcessMemory.mib(idleRss));
            assertThat(idleRss).as("the idle host's RSS with ten nodes").isLessThan(IDLE_BOUND);

            long[] heapAfter = new long[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                List<UUID> ids = round(host, PER_ROUND);
                report.event("round " + (round + 1) + ": " + PER_ROUND + " x 1 MiB envelopes answered; RSS "
                        + ProcessMemory.mib(memory.rss()) + ", peak so far " + ProcessMemory.mib(memory.peakSampled()));
                assertThat(host.notAnsweredOnce(ids)).as("not answered exactly once").isEmpty();
                assertThat(host.outcomes(ids)).containsExactly(Map.entry("OK", (long) PER_ROUND));
                fullGc(host);
                heapAfter[round] = heapUsed(probe);
                String retained = ProcessMemory.mib(heapAfter[round]);
                report.event("round " + (round + 1) + ": old generation after full GC " + retained);
                report.figure("old generation after full GC, round " + (round + 1), retained);
            }
            long hwm = memory.highWaterMark();
            report.figure("peak RSS (sampled every 50 ms)", ProcessMemory.mib(memory.peakSampled()));
            report.figure("RSS high-water mark (VmHWM)", ProcessMemory.mib(hwm));
            report.figure("RSS bound asserted", ProcessMemory.mib(RSS_BOUND));
            report.figure("responses out", host.responseLines());
            assertThat(hwm).as("the host's RSS high-water mark").isLessThan(RSS_BOUND);
            assertThat(java.util.Arrays.stream(heapAfter).boxed().toList()).as("old generation after each round")
                    .allMatch(used -> used < idleHeap + RETAINED_TOLERANCE);
            assertThat(heapAfter[ROUNDS - 1] - heapAfter[0]).as("heap growth from the first round to the last")
                    .isLessThan(LEAK_TOLERANCE);
            assertThat(host.process().alive()).isTrue();
            Launcher.Result result = host.finish(Duration.ofSeconds(60));
            report.figure("exit code at end of input", result.exitCode());
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            outcome = "passed";
        } finally {
            report.write(outcome);
        }
    }

    @Test
    void withBackpressureOnABoundedHeapAnswersEveryLargeEnvelopeWithoutRunningOutOfMemory() throws Exception {
        ChaosReport report = ChaosReport.begin("5b. Memory pressure on a 128 MiB heap: " + 3 * PER_ROUND
                + " x 1 MiB envelopes written at once, max_inflight_envelopes 8");
        String outcome = "failed";
        try (StdioHost host = StdioHost.start(Map.of("ONEX_JAVA_OPTS", "-XX:+UseSerialGC -Xmx128m"), "dev",
                contract().toString())) {
            HealthProbe.of(host.process(), Duration.ofSeconds(60));
            report.event("host started with -Xmx128m");
            List<UUID> ids = round(host, 3 * PER_ROUND);
            report.event("every envelope answered");
            assertThat(host.notAnsweredOnce(ids)).isEmpty();
            Launcher.Result result = host.finish(Duration.ofSeconds(60));
            assertThat(result.stderr()).doesNotContain("OutOfMemoryError");
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            outcome = "passed";
        } finally {
            report.write(outcome);
        }
    }

    /** Writes one round of large envelopes, spread over the ten nodes, and waits for every answer. */
    private static List<UUID> round(StdioHost host, int count) throws InterruptedException {
        String payload = "{\"blob\":\"" + "x".repeat(PAYLOAD_BYTES) + "\"}";
        List<UUID> ids = new ArrayList<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < count; i++) {
                UUID id = UUID.randomUUID();
                synchronized (ids) {
                    ids.add(id);
                }
                host.write(StdioHost.request(id, "echo" + (i % NODES), "local", "local.echo", payload));
            }
        });
        writer.join(Duration.ofSeconds(120));
        assertThat(writer.isAlive()).as("the host took every line within two minutes").isFalse();
        host.awaitAnswers(ids, Duration.ofSeconds(120));
        return ids;
    }

    /** Asks the host's JVM for a full collection, so that the heap shows only what is live. */
    private static void fullGc(StdioHost host) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(host.process().process.pid()), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("jcmd GC.run did not finish within 30 s");
        }
        assertThat(process.exitValue()).as("jcmd GC.run").isZero();
    }

    /** Returns the old generation's use, from the host's own metrics. */
    private static long heapUsed(HealthProbe probe) throws IOException, InterruptedException {
        Matcher matcher = OLD_GEN_USED.matcher(probe.get("/metrics").body());
        assertThat(matcher.find()).as("the old generation's pool in /metrics").isTrue();
        return (long) Double.parseDouble(matcher.group(1));
    }

    private Path contract() {
        StringBuilder nodes = new StringBuilder();
        for (int i = 0; i < NODES; i++) {
            Launcher.write(dir, "nodes/echo" + i + ".yaml", """
                    schema_version: "1.0.0"
                    name: echo%d
                    node_type: EFFECT
                    io_operations:
                      - handler: local
                        operations: [local.echo]
                    """.formatted(i));
        }
        return Launcher.write(dir, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: chaos_memory
                  version: "1.0.0"
                  environment: dev
                  event_bus:
                    kind: inmemory
                    backpressure: { max_inflight_envelopes: 8 }
                  handlers:
                    - type: local
                  nodes_dir: nodes
                  health: { enabled: true, port: 0 }
                  shutdown: { grace_seconds: 5 }
                """);
    }
}
