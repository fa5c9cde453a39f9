package io.onex.wiring.violations;

import io.onex.host.api.HandlerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds handler factories at run time instead of having them registered in code. */
public final class DiscoveringWiring {

    private DiscoveringWiring() {
    }

    /** Loads every factory a jar on the path provides. */
    public static List<HandlerFactory> loaded() {
        List<HandlerFactory> factories = new ArrayList<>();
        ServiceLoader.load(HandlerFactory.class).forEach(factories::add);
        return factories;
    }

    /** Builds a factory from a class name read from configuration. */
    public static HandlerFactory named(String className) throws ReflectiveOperationException {
        return (HandlerFactory) Class.forName(className).getDeclaredConstructor().newInstance();
    }
}
