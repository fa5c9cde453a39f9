package io.onex.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueResolverTest {

    @Test
    void aFixedResolverAnswersFromItsMap() {
        ValueResolver resolver = ValueResolver.of(Map.of("A", "1"));

        assertThat(resolver.lookup("A")).contains("1");
        assertThat(resolver.lookup("B")).isEmpty();
    }
}
