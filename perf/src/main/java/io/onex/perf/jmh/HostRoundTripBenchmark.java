package io.onex.perf.jmh;

import io.onex.host.api.Envelope;
import io.onex.perf.BareRelay;
import io.onex.perf.Cleanup;
import io.onex.perf.ContractYaml;
import io.onex.perf.HostDriver;
import io.onex.wiring.StartOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The in-memory host's round trip (publish, route, local echo handler, response published; the
 * echo never blocks, so the host runs it on the input topic's delivering thread)
 * against the bare in-memory bus relaying between the same two topics ({@link BareRelay}), twice:
 * through topics of the bus's default capacity ({@code bus}), and through topics of the host's
 * own bound ({@code boundedBus}: {@value #HOST_TOPIC_CAPACITY} messages, the default
 * {@code max_inflight_envelopes}, which the host's in-memory topics queue at most). Each
 * invocation sends a batch and waits for all of it, so the score is envelopes per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HostRoundTripBenchmark {

    /** Envelopes per invocation. */
    public static final int BATCH = 1_000;
    /** What each in-memory topic of the measured host queues at most: the default {@code max_inflight_envelopes}. */
    public static final int HOST_TOPIC_CAPACITY = 256;
    private static final int NODES = 10;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** A started host of ten echo nodes, and one batch of requests spread over them. */
    @State(Scope.Benchmark)
    public static class HostState {
        private Path folder;
        private HostDriver driver;
        private List<Envelope> requests;

        /** Starts the host. */
        @Setup(Level.Trial)
        public void start() throws IOException {
            folder = Files.createTempDirectory("onex-perf-host");
            driver = HostDriver.start(ContractYaml.echoNodes(folder, NODES), Map.of(),
                    StartOptions.defaults().dev());
            requests = batch();
        }

        /** Stops the host. */
        @TearDown(Level.Trial)
        public void stop() {
            driver.close();
            Cleanup.delete(folder);
        }
    }

    /** A started bare relay between two topics of the in-memory bus, and one batch of envelopes. */
    @State(Scope.Benchmark)
    public static class BusState {
        private BareRelay relay;
        private List<Envelope> envelopes;

        /** Starts the relay. */
        @Setup(Level.Trial)
        public void start() {
            relay = BareRelay.start();
            envelopes = batch();
        }

        /** Stops the relay. */
        @TearDown(Level.Trial)
        public void stop() {
            relay.close();
        }
    }

    /** A started bare relay through topics bounded as the host's are, and one batch of envelopes. */
    @State(Scope.Benchmark)
    public static class BoundedBusState {
        private BareRelay relay;
        private List<Envelope> envelopes;

        /** Starts the relay. */
        @Setup(Level.Trial)
        public void start() {
            relay = BareRelay.start(HOST_TOPIC_CAPACITY);
            envelopes = batch();
        }

        /** Stops the relay. */
        @TearDown(Level.Trial)
        public void stop() {
            relay.close();
        }
    }

    private static List<Envelope> batch() {
        List<Envelope> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            batch.add(SampleEnvelope.request(ContractYaml.ECHO_PREFIX + (i % NODES)));
        }
        return batch;
    }

    /** Publishes a batch to the host and waits for every response. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void host(HostState state) {
        state.driver.publishAll(state.requests);
        if (!state.driver.awaitResponses(BATCH, PATIENCE)) {
            throw new IllegalStateException("the host did not answer " + BATCH + " envelopes within " + PATIENCE);
        }
    }

    /** Baseline: relays a batch through the bare bus (input topic, output topic) and waits for all of it. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void bus(BusState state) {
        if (!state.relay.relayAll(state.envelopes, PATIENCE)) {
            throw new IllegalStateException("the bare bus did not relay " + BATCH + " envelopes within " + PATIENCE);
        }
    }

    /** Baseline with the host's bound: relays a batch through bare topics of {@value #HOST_TOPIC_CAPACITY} messages. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void boundedBus(BoundedBusState state) {
        if (!state.relay.relayAll(state.envelopes, PATIENCE)) {
            throw new IllegalStateException("the bounded bare bus did not relay " + BATCH + " envelopes within "
                    + PATIENCE);
        }
    }
}
