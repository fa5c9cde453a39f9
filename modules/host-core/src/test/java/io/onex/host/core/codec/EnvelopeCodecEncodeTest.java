package io.onex.host.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeError;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EnvelopeCodecEncodeTest {

    private static final UUID ID = UUID.fromString("0b7c7ae4-6f0f-4c5e-9d1e-3c2a1b0f9e8d");
    private static final UUID REQUEST_ID = UUID.fromString("5d41402a-bc4b-4a76-b971-9d911017c592");
    private static final Instant NOW = Instant.parse("2026-11-27T03:18:21.123456789Z");

    private final EnvelopeCodec codec = EnvelopeCodec.standard();

    @Test
    void aRequestIsOneCompactObjectWithEveryFieldInSpecificationOrder() {
        Envelope request = new Envelope(ID, "1.0", null, null, null, "echo", HandlerType.of("local"), "local.echo",
                Map.of("hi", 1), Map.of(), NOW, null, false, true, null);

        assertThat(codec.encodeToString(request)).isEqualTo("{\"envelope_id\":\"0b7c7ae4-6f0f-4c5e-9d1e-3c2a1b0f9e8d\","
                + "\"envelope_version\":\"1.0\",\"correlation_id\":null,\"causation_id\":null,\"source_node\":null,"
                + "\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\","
                + "\"payload\":{\"hi\":1},\"metadata\":{},\"timestamp\":\"2026-11-27T03:18:21.123456789Z\","
                + "\"ttl_seconds\":null,\"is_response\":false,\"success\":true,\"error\":null}");
    }

    @Test
    void anErrorEnvelopeWritesEveryErrorFieldInOrder() {
        EnvelopeError error = new EnvelopeError(ErrorCode.SERVICE_UNAVAILABLE, "upstream said 503", HandlerType.of("http"),
                "http.get", true, Map.of("status_code", 503));
        Envelope answer = new Envelope(ID, "1.0", REQUEST_ID, REQUEST_ID, "users", "gateway", HandlerType.of("http"),
                "http.get", null, Map.of(Envelope.ORIGINAL_TARGET_NODE, "users"), NOW, 30, true, false, error);

        assertThat(codec.encodeToString(answer)).endsWith("\"payload\":null,\"metadata\":{\"original_target_node\":\"users\"},"
                + "\"timestamp\":\"2026-11-27T03:18:21.123456789Z\",\"ttl_seconds\":30,\"is_response\":true,"
                + "\"success\":false,\"error\":{\"code\":\"SERVICE_UNAVAILABLE\",\"message\":\"upstream said 503\","
                + "\"handler_type\":\"http\",\"operation\":\"http.get\",\"retryable\":true,"
                + "\"details\":{\"status_code\":503}}}");
    }

    @Test
    void timestampsKeepTheirPrecisionAndDropAFractionOfZero() {
        assertThat(timestampOf(Instant.parse("2026-11-27T03:18:21Z"))).isEqualTo("2026-11-27T03:18:21Z");
        assertThat(timestampOf(Instant.parse("2026-11-27T03:18:21.120Z"))).isEqualTo("2026-11-27T03:18:21.120Z");
        assertThat(timestampOf(Instant.parse("2026-11-27T03:18:21.000001Z"))).isEqualTo("2026-11-27T03:18:21.000001Z");
        assertThat(timestampOf(NOW)).isEqualTo("2026-11-27T03:18:21.123456789Z");
    }

    @Test
    void nonAsciiTextIsWrittenAsUtf8() {
        Envelope request = new Envelope(ID, "1.0", null, null, null, "émile", HandlerType.of("local"), "local.echo",
                Map.of("greeting", "こんにちは 👋"), Map.of(), NOW, null, false, true, null);

        String json = new String(codec.encode(request), StandardCharsets.UTF_8);

        assertThat(json).contains("\"target_node\":\"émile\"", "\"payload\":{\"greeting\":\"こんにちは 👋\"}");
    }

    @Test
    void aPayloadValueThatIsNotJsonShapedIsRefused() {
        Envelope request = new Envelope(ID, "1.0", null, null, null, "echo", HandlerType.of("local"), "local.echo",
                Map.of("thing", new Object()), Map.of(), NOW, null, false, true, null);

        assertThatThrownBy(() -> codec.encode(request)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JSON-shaped value");
    }

    @Test
    void anEnvelopeFromTheFactoriesSurvivesARoundTrip() {
        Envelope request = Envelope.request("echo", HandlerType.of("local"), "local.echo", Map.of("n", 1))
                .withCorrelationId(REQUEST_ID).withTtlSeconds(60);
        Envelope response = Envelope.responseTo(request, Map.of("n", 1), ID, NOW);

        for (Envelope envelope : new Envelope[] {request, response}) {
            assertThat(codec.decode(codec.encode(envelope))).isEqualTo(new DecodeResult.Decoded(envelope));
        }
    }

    private String timestampOf(Instant instant) {
        Envelope envelope = new Envelope(ID, "1.0", null, null, null, "echo", HandlerType.of("local"), "local.echo",
                null, Map.of(), instant, null, false, true, null);
        String json = codec.encodeToString(envelope);
        int start = json.indexOf("\"timestamp\":\"") + "\"timestamp\":\"".length();
        return json.substring(start, json.indexOf('"', start));
    }
}
