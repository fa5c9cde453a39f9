package io.onex.host.core.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Envelope;
import io.onex.host.api.HandlerType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceParentTest {

    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aValidHeaderIsReadAndWrittenBackUnchanged() {
        TraceParent parent = TraceParent.parse(VALID).orElseThrow();
        assertThat(parent.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(parent.spanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(parent.sampled()).isTrue();
        assertThat(parent.header()).isEqualTo(VALID);
    }

    @Test
    void malformedHeadersAreIgnored() {
        assertThat(TraceParent.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isEmpty();
        assertThat(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).isEmpty();
        assertThat(TraceParent.parse("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isEmpty();
        assertThat(TraceParent.parse("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isEmpty();
        assertThat(TraceParent.parse(VALID + "-extra")).as("version 00 has exactly four fields").isEmpty();
        assertThat(TraceParent.parse(42)).isEmpty();
    }

    @Test
    void aLaterVersionMayAppendFields() {
        assertThat(TraceParent.parse("01" + VALID.substring(2) + "-what-comes-next")).isPresent();
    }

    @Test
    void recordHeadersAreAdoptedOnlyByAnEnvelopeWithoutItsOwnTraceparent() {
        Envelope plain = Envelope.request("echo", HandlerType.of("local"), "local.echo", Map.of());
        Map<String, String> headers = Map.of("traceparent", VALID, "tracestate", "acme=1");

        assertThat(TraceParent.adopt(plain, headers).metadata()).containsEntry("traceparent", VALID)
                .containsEntry("tracestate", "acme=1");
        String own = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";
        Envelope traced = plain.withMetadata(Map.of("traceparent", own));
        assertThat(TraceParent.adopt(traced, headers).metadata()).containsEntry("traceparent", own)
                .doesNotContainKey("tracestate");
        assertThat(TraceParent.adopt(plain, Map.of("traceparent", "garbage")).metadata()).isEmpty();
    }

    @Test
    void tracingOffPassesTheCallersTraceIdToTheLogsAndRecordsNothing() {
        Envelope traced = Envelope.request("echo", HandlerType.of("local"), "local.echo", Map.of())
                .withMetadata(Map.of("traceparent", VALID));
        EnvelopeSpan span = EnvelopeTracer.NONE.start(traced);
        assertThat(span.traceId()).hasValue("4bf92f3577b34da6a3ce929d0e0e4736");
        Envelope response = Envelope.responseTo(traced, Map.of());
        assertThat(span.end(response)).isSameAs(response);
        assertThat(EnvelopeTracer.NONE.start(Envelope.request("echo", HandlerType.of("local"), "local.echo",
                Map.of())).traceId()).isEmpty();
    }
}
