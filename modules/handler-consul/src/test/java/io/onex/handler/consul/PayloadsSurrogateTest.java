package io.onex.handler.consul;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.EnvelopeValidationException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Consul reads JSON with Go, which puts U+FFFD in place of an unpaired surrogate: a tag or meta
 * value with one would be registered changed. The handler refuses the payload, naming where.
 */
class PayloadsSurrogateTest {

    @Test
    void aPayloadWithAnUnpairedSurrogateIsRefusedNamingWhere() {
        Map<String, Object> payload = Map.of("name", "web", "tags", List.of("v1", "\uDC00"));

        assertThatThrownBy(() -> Payloads.of("consul.register_service", payload, Set.of("name", "tags")))
                .isInstanceOf(EnvelopeValidationException.class)
                .hasMessageContaining("consul.register_service: the payload holds an unpaired surrogate at /tags/1");
    }
}
