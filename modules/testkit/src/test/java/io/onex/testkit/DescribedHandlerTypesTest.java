package io.onex.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.HandlerFactory;
import org.junit.jupiter.api.Test;

class DescribedHandlerTypesTest {

    @Test
    void describesTheFiveBuiltInTypes() {
        assertThat(DescribedHandlerTypes.factories()).extracting(HandlerFactory::type)
                .containsExactly("local", "http", "db", "vault", "consul");
    }

    @Test
    void givesTheTypesNamedInTheOrderGiven() {
        assertThat(DescribedHandlerTypes.factories("db", "local")).extracting(HandlerFactory::type)
                .containsExactly("db", "local");
        assertThat(DescribedHandlerTypes.factories("db").getFirst().operations())
                .extracting(operation -> operation.name()).containsExactly("db.query", "db.execute", "db.transaction");
    }

    @Test
    void refusesATypeThatIsNotBuiltIn() {
        assertThatThrownBy(() -> DescribedHandlerTypes.factories("local", "redis"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'redis' is not a built-in handler type");
    }
}
