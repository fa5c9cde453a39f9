package io.onex.host.core;

import io.onex.testkit.DescribedHandlerTypes;

/** The registry host-core's tests build their hosts with: the built-in types, described only. */
public final class TestHandlers {

    private static final HandlerRegistry REGISTRY = HandlerRegistry.of(DescribedHandlerTypes.factories());

    private TestHandlers() {
    }

    /** Returns the registry of the five built-in types, as {@link DescribedHandlerTypes} describes them. */
    public static HandlerRegistry registry() {
        return REGISTRY;
    }
}
