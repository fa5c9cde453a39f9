package io.onex.handler.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.EnvelopeValidationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Vault reads JSON with Go, which puts U+FFFD in place of an unpaired surrogate: a secret written
 * with one would be stored changed. The handler refuses it, naming where it stands.
 */
class KvRequestSurrogateTest {

    @Test
    void secretDataWithAnUnpairedSurrogateIsRefusedNamingWhere() {
        Map<String, Object> payload = Map.of("path", "app/db", "data",
                Map.of("user", "ok", "hosts", List.of("a", "b\uD800")));

        assertThatThrownBy(() -> KvRequest.read("vault.set_secret", payload))
                .isInstanceOf(EnvelopeValidationException.class)
                .hasMessageContaining("payload field 'data' holds an unpaired surrogate at /hosts/1");
    }

    @Test
    void aSurrogatePairIsText() {
        KvRequest request = KvRequest.read("vault.set_secret", Map.of("path", "app/db", "data",
                Map.of("note", "\uD83D\uDE00")));

        assertThat(((KvRequest.Put) request).data()).containsEntry("note", "\uD83D\uDE00");
    }
}
