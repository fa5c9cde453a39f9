package io.onex.contract;

import io.onex.host.core.HandlerRegistry;
import io.onex.testkit.DescribedHandlerTypes;

/** The registry the loader's tests load contracts with: the built-in types, described only. */
final class TestHandlers {

    private static final HandlerRegistry REGISTRY = HandlerRegistry.of(DescribedHandlerTypes.factories());

    private TestHandlers() {
    }

    /** Returns the registry of the five built-in types, as {@link DescribedHandlerTypes} describes them. */
    static HandlerRegistry registry() {
        return REGISTRY;
    }
}
