package io.onex.host.core.violations.loading;

import io.onex.contract.ContractLoader;

/** Engine code that loads contracts itself instead of running one already loaded. */
public final class YamlReadingRouter {

    private final ContractLoader loader;

    public YamlReadingRouter(ContractLoader loader) {
        this.loader = loader;
    }

    /** Returns the loader it holds. */
    public ContractLoader loader() {
        return loader;
    }
}
