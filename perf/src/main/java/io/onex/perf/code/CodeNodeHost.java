package io.onex.perf.code;

import io.onex.host.api.Envelope;
import io.onex.host.api.NodeCode;
import io.onex.host.api.NodeContext;
import io.onex.perf.MemoryProbe;
import io.onex.wiring.OnexHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The host the code-node benchmark runs in a JVM of its own, composed as an application composes
 * one: {@code OnexHost.builder().node(...)} for each of {@code NODES} code nodes, then
 * {@code dev DIR/runtime.yaml --stdio}. Each node's code makes {@code CALLS} calls of
 * {@code local.echo} through the binding {@code work}, handing on what the last one answered.
 *
 * <pre>
 * CodeNodeHost DIR NODES CALLS
 * </pre>
 *
 * When the file {@code DIR/heap-probe} appears, it writes the heap in use after garbage
 * collection, in MB, to {@code DIR/heap-mb} (standard output is the host's).
 */
public final class CodeNodeHost {

    private CodeNodeHost() {
    }

    /** The code of every benchmark node: {@code calls} handler calls in a row. */
    record Chain(int calls) implements NodeCode {
        @Override
        public Map<String, Object> handle(Envelope request, NodeContext context) {
            Map<String, Object> payload = request.payload();
            for (int i = 0; i < calls; i++) {
                payload = context.call(CodeNodeBench.BINDING, "local.echo", payload);
            }
            return payload;
        }
    }

    /** Runs the host; see the class comment. */
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int nodes = Integer.parseInt(args[1]);
        int calls = Integer.parseInt(args[2]);
        OnexHost.Builder builder = OnexHost.builder();
        for (int i = 0; i < nodes; i++) {
            builder.node(CodeNodeBench.codeNode(i), () -> new Chain(calls));
        }
        Thread probe = Thread.ofPlatform().daemon().name("heap-probe").start(() -> probeWhenAsked(dir));
        int code = builder.build().cli("dev", dir.resolve("runtime.yaml").toString(), "--stdio",
                "--log-level", "error");
        probe.interrupt();
        System.exit(code);
    }

    /** Waits (as long as the process lives, checking every 50 ms) for the request to measure the heap. */
    private static void probeWhenAsked(Path dir) {
        try {
            while (!Files.exists(dir.resolve("heap-probe"))) {
                Thread.sleep(50);
            }
            Path written = dir.resolve("heap-mb.tmp");
            Files.writeString(written, String.format(Locale.ROOT, "%.3f", MemoryProbe.heapUsedAfterGcMb()));
            Files.move(written, dir.resolve("heap-mb"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
