package io.onex.host.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentValuesTest {

    @Test
    void aVariableOfTheProcessEnvironmentIsFound() {
        String name = System.getenv().keySet().iterator().next();

        assertThat(EnvironmentValues.create().lookup(name)).contains(System.getenv(name));
    }

    @Test
    void aVariableThatIsNotSetIsEmpty() {
        assertThat(EnvironmentValues.create().lookup("ONEX_SURELY_NOT_SET_4711")).isEmpty();
    }

    @Test
    void aFixedResolverAnswersFromItsMap() {
        ValueResolver resolver = ValueResolver.of(Map.of("A", "1"));

        assertThat(resolver.lookup("A")).contains("1");
        assertThat(resolver.lookup("B")).isEmpty();
    }
}
