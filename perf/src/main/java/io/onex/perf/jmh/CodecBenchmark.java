package io.onex.perf.jmh;

import io.onex.host.api.Envelope;
import io.onex.host.core.codec.DecodeResult;
import io.onex.host.core.codec.EnvelopeCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The envelope codec against plain Jackson on the same bytes: {@link #decode} vs
 * {@link #plainRead}, {@link #encode} vs {@link #plainWrite}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {

    private final EnvelopeCodec codec = EnvelopeCodec.standard();
    private Envelope envelope;
    private byte[] bytes;
    private Object tree;

    /** Encodes the sample envelope once; both sides of each pair work on the same document. */
    @Setup
    public void setUp() {
        envelope = SampleEnvelope.request("echo_0");
        bytes = codec.encode(envelope);
        tree = PlainJson.read(bytes);
        if (!(codec.decode(bytes) instanceof DecodeResult.Decoded)) {
            throw new IllegalStateException("the sample envelope does not decode");
        }
    }

    /** Decodes the envelope with the codec (validation and defaults included). */
    @Benchmark
    public DecodeResult decode() {
        return codec.decode(bytes);
    }

    /** Baseline: reads the same bytes into plain maps with Jackson's streaming parser. */
    @Benchmark
    public Object plainRead() {
        return PlainJson.read(bytes);
    }

    /** Encodes the envelope with the codec. */
    @Benchmark
    public byte[] encode() {
        return codec.encode(envelope);
    }

    /** Baseline: writes the same document, as plain maps, with Jackson's streaming generator. */
    @Benchmark
    public byte[] plainWrite() {
        return PlainJson.write(tree);
    }
}
