package io.onex.bus.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeError;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.host.core.codec.EnvelopeCodec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OversizedResponseTest {

    private static final EnvelopeCodec CODEC = EnvelopeCodec.standard();

    @Test
    void theReplacementKeepsTheIdsAndStaysSmallWhateverTheResponseHeld() {
        String hugeName = "n".repeat(400_000);
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (int i = 0; i < 10_000; i++) {
            metadata.put("k" + i, "v".repeat(100));
        }
        metadata.put(Envelope.ORIGINAL_TARGET_NODE, hugeName);
        metadata.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        Envelope request = new Envelope(UUID.randomUUID(), Envelope.VERSION, UUID.randomUUID(),
                null, hugeName, hugeName, HandlerType.of("http"), "http.get", Map.of(), metadata,
                Instant.now(), null, false, true, null);
        Envelope response = Envelope.errorFor(request, EnvelopeError.of(ErrorCode.NODE_NOT_FOUND,
                "no node '" + hugeName + "'", HandlerType.of("http"), "http.get"));
        int bytes = CODEC.encode(response).length;

        Envelope replacement = OversizedResponse.replacing(response, bytes);

        assertThat(CODEC.encode(replacement).length).isLessThan(2048);
        assertThat(replacement.envelopeId()).isEqualTo(response.envelopeId());
        assertThat(replacement.correlationId()).isEqualTo(response.correlationId());
        assertThat(replacement.causationId()).isEqualTo(response.causationId());
        assertThat(replacement.isResponse()).isTrue();
        assertThat(replacement.error().code()).isEqualTo(ErrorCode.EVENT_BUS_ERROR);
        assertThat(replacement.error().retryable()).isFalse();
        assertThat(replacement.error().details()).containsEntry("response_bytes", bytes)
                .containsEntry("original_error_code", "NODE_NOT_FOUND");
        assertThat(replacement.sourceNode()).isNull();
        assertThat(replacement.metadata()).containsOnlyKeys("traceparent");
    }
}
