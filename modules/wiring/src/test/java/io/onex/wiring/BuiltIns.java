package io.onex.wiring;

import io.onex.host.core.HandlerRegistry;
import io.onex.contract.ContractLoader;
import io.onex.contract.LoadOptions;
import io.onex.contract.LoadedContract;
import io.onex.secrets.EnvironmentVariables;
import java.nio.file.Path;

/**
 * The registry of the built-in handlers and the contract loader over it, for the tests that check
 * contract loading itself (ContractSchemaIT) or build a host from engine parts (KafkaBackpressureIT).
 */
final class BuiltIns {

    private static final HandlerRegistry REGISTRY = HandlerRegistry.of(BuiltInHandlers.factories());

    private BuiltIns() {
    }

    /** Returns the registry of the built-in handler factories. */
    static HandlerRegistry registry() {
        return REGISTRY;
    }

    /** Loads the runtime contract {@code file} strictly, as {@code onex-host run} does (variables from this process). */
    static LoadedContract load(String file) {
        return ContractLoader.create(REGISTRY, EnvironmentVariables.system(), new LoadOptions(false, false)).load(Path.of(file));
    }
}
