package io.onex.host.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The contract names of the model's enums: each constant's name in lower case, and back. */
class WireNamesTest {

    @Test
    void eachConstantIsWrittenInLowerCaseAndReadBack() {
        assertThat(BusKind.wireNames()).containsExactly("inmemory", "kafka");
        assertThat(Environment.wireNames()).containsExactly("prod", "staging", "dev");
        assertThat(BackoffStrategy.wireNames()).containsExactly("fixed", "exponential");
        assertThat(ReadinessMode.wireNames()).containsExactly("bindings", "nodes");
        assertThat(BusKind.fromWireName("kafka")).hasValue(BusKind.KAFKA);
        assertThat(Environment.STAGING.wireName()).isEqualTo("staging");
        assertThat(ReadinessMode.fromWireName("nodes")).hasValue(ReadinessMode.NODES);
    }

    @Test
    void aNameInAnotherCaseOrUnknownIsNone() {
        assertThat(BusKind.fromWireName("KAFKA")).isEqualTo(Optional.empty());
        assertThat(BackoffStrategy.fromWireName("linear")).isEmpty();
        assertThat(Environment.fromWireName(null)).isEmpty();
    }
}
