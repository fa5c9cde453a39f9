package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuiltInHandlersTest {

    @Test
    void theBuiltInFactoriesAreLocalHttpDbVaultAndConsulInThatOrder() {
        assertThat(BuiltInHandlers.factories()).extracting(HandlerFactory::type)
                .containsExactly("local", "http", "db", "vault", "consul");
    }

    @Test
    void everyBuiltInFactoryIsBuiltForThisSpiAndNamesItsOperationsAfterItsType() {
        for (HandlerFactory factory : BuiltInHandlers.factories()) {
            assertThat(factory.spiVersion()).isEqualTo(HandlerFactory.SPI_VERSION);
            assertThat(factory.operations()).extracting(HandlerDescription.Operation::name)
                    .isNotEmpty().allMatch(name -> name.startsWith(factory.type() + "."));
            assertThat(factory.configSchema().keys()).allMatch(key -> !key.description().isBlank());
        }
    }

    @Test
    void onlyTheLocalHandlerIsForDevelopmentOnly() {
        assertThat(BuiltInHandlers.factories()).filteredOn(HandlerFactory::devOnly).extracting(HandlerFactory::type)
                .isEqualTo(List.of("local"));
    }
}
