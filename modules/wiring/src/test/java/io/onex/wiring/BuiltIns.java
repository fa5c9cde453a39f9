package io.onex.wiring;

import io.onex.bus.kafka.KafkaEventBus;
import io.onex.host.api.contract.BusKind;
import io.onex.host.core.HandlerRegistry;
import io.onex.contract.ContractLoader;
import io.onex.contract.LoadOptions;
import io.onex.contract.LoadedContract;
import io.onex.secrets.EnvironmentVariables;
import io.onex.wiring.core.internal.SecretSources;
import io.onex.wiring.core.internal.Wiring;
import java.nio.file.Path;

/** The host of the built-in handlers, as the onex-host command composes it, for in-process tests. */
final class BuiltIns {

    private static final HandlerRegistry REGISTRY = HandlerRegistry.of(BuiltInHandlers.factories());

    private BuiltIns() {
    }

    /** Returns the registry of the built-in handler factories. */
    static HandlerRegistry registry() {
        return REGISTRY;
    }

    /** Returns the wiring of the full host: the built-in handlers, the Kafka bus and the Vault secret source. */
    static Wiring wiring() {
        return Wiring.of(REGISTRY).withBus(BusKind.KAFKA, KafkaEventBus::create)
                .withSecretSources(SecretSources.withVault());
    }

    /** Loads the runtime contract {@code file} strictly, as {@code onex-host run} does (variables from this process). */
    static LoadedContract load(String file) {
        return ContractLoader.create(REGISTRY, EnvironmentVariables.system(), new LoadOptions(false, false)).load(Path.of(file));
    }
}
