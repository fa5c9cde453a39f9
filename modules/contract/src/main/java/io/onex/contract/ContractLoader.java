package io.onex.contract;

import io.onex.host.api.ContractValidationException;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.core.HandlerRegistry;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Loads and validates a runtime host contract and the node contracts it hosts.
 *
 * <p>Loading never stops at the first problem: it reads everything it can and then fails with
 * every error found, each naming its file, line and column, what is wrong, the valid choices and
 * the fix. Each binding is read against its type's registered {@link HandlerFactory}: the type must
 * be registered, its {@code config} must fit the factory's schema, the nodes' operations must be
 * the factory's, and the factory's own {@link HandlerFactory#check check} must find no error.
 * {@code ${VAR}} placeholders are resolved once, here, through the {@link ValueResolver} (the host passes the
 * secrets module's {@code Environment}, the one reader of environment variables).
 * A loader holds no state between loads and may be shared.
 *
 * <pre>{@code
 * LoadedContract loaded = ContractLoader.create(HandlerRegistry.of(factories),
 *                 ValueResolver.of(Map.of("DB_URL", "r2dbc:...")), LoadOptions.strict())
 *         .load(Path.of("runtime.yaml"));
 * }</pre>
 */
public final class ContractLoader {

    private final HandlerRegistry handlers;
    private final ValueResolver resolver;
    private final LoadOptions options;

    private ContractLoader(HandlerRegistry handlers, ValueResolver resolver, LoadOptions options) {
        this.handlers = handlers;
        this.resolver = resolver;
        this.options = options;
    }

    /**
     * Returns a loader that reads bindings against the factories of {@code handlers} and resolves
     * placeholders through {@code resolver}.
     */
    public static ContractLoader create(HandlerRegistry handlers, ValueResolver resolver, LoadOptions options) {
        return new ContractLoader(Objects.requireNonNull(handlers, "handlers"),
                Objects.requireNonNull(resolver, "resolver"), Objects.requireNonNull(options, "options"));
    }

    /**
     * Loads {@code runtimeContractFile}; relative paths inside it are resolved from its folder.
     *
     * @return the contract and the warnings found
     * @throws ContractValidationException with every problem found (errors and warnings, in file
     *                                     and line order) when there is at least one error
     */
    public LoadedContract load(Path runtimeContractFile) {
        LoadContext context = new LoadContext(options, resolver, handlers);
        Optional<RuntimeContract> contract = new RuntimeContractReader(context)
                .read(Objects.requireNonNull(runtimeContractFile, "runtimeContractFile").normalize());
        if (context.problems().hasErrors() || contract.isEmpty()) {
            throw new ContractValidationException(context.problems().all());
        }
        return new LoadedContract(contract.get(), context.problems().warnings());
    }
}
