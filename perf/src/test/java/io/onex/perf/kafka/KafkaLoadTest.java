package io.onex.perf.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Envelope;
import io.onex.host.core.codec.DecodeResult;
import io.onex.host.core.codec.EnvelopeCodec;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The load driver's requests are envelopes the host accepts, addressed round-robin to the ten echo nodes. */
class KafkaLoadTest {

    @Test
    void aRequestDecodesAsAnEchoRequestCarryingItsCorrelationId() {
        UUID correlation = new UUID(42, 7);

        DecodeResult result = EnvelopeCodec.standard().decode(KafkaLoad.request(correlation, 17));

        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        Envelope request = ((DecodeResult.Decoded) result).envelope();
        assertThat(request.correlationId()).isEqualTo(correlation);
        assertThat(request.targetNode()).isEqualTo("echo_7");
        assertThat(request.operation()).isEqualTo("local.echo");
    }
}
