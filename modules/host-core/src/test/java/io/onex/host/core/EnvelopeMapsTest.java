package io.onex.host.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.Envelope;
import io.onex.host.api.HandlerType;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The payload and metadata of an envelope: a private copy that cannot be modified, made once and
 * then handed on, not copied again, to the envelopes built from it.
 */
class EnvelopeMapsTest {

    private static Envelope request() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("b", 1);
        payload.put("a", null);
        payload.put("c", "three");
        return Envelope.request("orders", HandlerType.of("local"), "local.echo", payload)
                .withMetadata(Map.of("tenant_id", "t1"));
    }

    @Test
    void thePayloadIsACopyOfWhatWasGivenInItsOrder() {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("z", 1);
        given.put("y", 2);
        Envelope envelope = Envelope.request("orders", HandlerType.of("local"), "local.echo", given);

        given.put("x", 3);

        assertThat(envelope.payload()).containsExactly(Map.entry("z", 1), Map.entry("y", 2));
        assertThat(envelope.payload()).isEqualTo(Map.of("z", 1, "y", 2)).hasSameHashCodeAs(Map.of("z", 1, "y", 2));
        assertThat(envelope.payload()).hasToString("{z=1, y=2}");
    }

    @Test
    void neitherMapCanBeModifiedInAnyWay() {
        Envelope envelope = request();
        for (Map<String, Object> map : java.util.List.of(envelope.payload(), envelope.metadata())) {
            String present = map.keySet().iterator().next();
            assertThatThrownBy(() -> map.put("new", 1)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> map.putIfAbsent(present, 1)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> map.remove(present)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> map.remove("absent", 1)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(map::clear).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> map.replaceAll((k, v) -> v)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> map.computeIfPresent(present, (k, v) -> v))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> map.merge(present, 1, (a, b) -> a)).isInstanceOf(UnsupportedOperationException.class);
            Iterator<Map.Entry<String, Object>> entries = map.entrySet().iterator();
            Map.Entry<String, Object> first = entries.next();
            assertThatThrownBy(() -> first.setValue(2)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(entries::remove).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> map.keySet().remove(present)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> map.values().clear()).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void envelopesBuiltFromAnEnvelopeShareItsMapsInsteadOfCopyingThem() {
        Envelope request = request();

        Envelope correlated = request.withCorrelationId(UUID.randomUUID());
        Envelope echoed = Envelope.responseTo(correlated, correlated.payload());

        assertThat(correlated.payload()).isSameAs(request.payload());
        assertThat(correlated.metadata()).isSameAs(request.metadata());
        assertThat(echoed.payload()).isSameAs(request.payload());
    }

    @Test
    void aResponsesMetadataAddsTheOriginalTargetNodeAndCannotBeModified() {
        Envelope response = Envelope.responseTo(request().withCorrelationId(UUID.randomUUID()), Map.of());

        assertThat(response.metadata()).containsExactly(Map.entry("tenant_id", "t1"),
                Map.entry(Envelope.ORIGINAL_TARGET_NODE, "orders"));
        assertThatThrownBy(() -> response.metadata().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }
}
