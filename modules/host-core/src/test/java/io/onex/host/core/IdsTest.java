package io.onex.host.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void fastRandomUuidsAreVersionFourWithTheIetfVariant() {
        for (int i = 0; i < 1_000; i++) {
            UUID id = Ids.fastRandomUuid();
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
        }
    }

    @Test
    void fastRandomUuidsDoNotRepeat() {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            seen.add(Ids.fastRandomUuid());
        }
        assertThat(seen).hasSize(100_000);
    }

    @Test
    void fastRandomUuidsRoundTripThroughTheirText() {
        UUID id = Ids.fastRandomUuid();

        assertThat(UUID.fromString(id.toString())).isEqualTo(id);
    }
}
