package io.onex.wiring.core;

import io.onex.contract.SecretKeys;
import io.onex.host.api.ConfigSchema;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.HandlerType;
import io.onex.host.core.HandlerRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the handler factories of a host before any command runs: each was built for this SPI,
 * has a well-formed type name of its own, names its operations after its type and declares keys
 * named like secrets as secrets. Each problem is one line naming the factory's type and class,
 * what is wrong and what to do.
 */
final class FactoryProblems {

    private FactoryProblems() {
    }

    /** Returns the problems of {@code factories}, in registration order; empty when there are none. */
    static List<String> of(List<HandlerFactory> factories) {
        List<String> problems = new ArrayList<>();
        Map<String, HandlerFactory> seen = new LinkedHashMap<>();
        for (HandlerFactory factory : factories) {
            try {
                check(factory, seen, problems);
            } catch (RuntimeException e) {
                problems.add(name(factory, "?") + " failed while describing itself (" + e.getClass().getName()
                        + "); fix the factory: its type(), operations() and configSchema() must return values");
            }
        }
        return problems;
    }

    private static void check(HandlerFactory factory, Map<String, HandlerFactory> seen, List<String> problems) {
        String type = factory.type();
        String name = name(factory, type);
        if (factory.spiVersion() != HandlerFactory.SPI_VERSION) {
            problems.add(name + " was built for handler SPI version " + factory.spiVersion() + ", but this host has"
                    + " version " + HandlerFactory.SPI_VERSION + "; rebuild the handler against this host's"
                    + " io.onex.host.api (spiVersion() returns HandlerFactory.SPI_VERSION)");
            return;
        }
        if (!HandlerType.isWellFormed(type)) {
            problems.add(name + " has an invalid type name; use lowercase letters, digits and _, starting with a"
                    + " letter, at most " + HandlerType.MAX_LENGTH + " characters, e.g. \"redis\"");
            return;
        }
        if (type.equals(HandlerRegistry.NODE_TYPE)) {
            problems.add(name + " registers the type '" + type + "', which is reserved for requests to code nodes;"
                    + " give the handler a type name of its own");
            return;
        }
        HandlerFactory first = seen.putIfAbsent(type, factory);
        if (first != null) {
            problems.add(name + " registers the type '" + type + "', which " + first.getClass().getName()
                    + " already registers; give the handler a type name of its own (a built-in type cannot be"
                    + " replaced)");
            return;
        }
        for (HandlerDescription.Operation operation : factory.operations()) {
            String action = operation.name().startsWith(type + ".") ? operation.name().substring(type.length() + 1) : "";
            if (!HandlerType.isWellFormed(action)) {
                problems.add(name + " declares the operation '" + operation.name() + "'; name every operation "
                        + type + ".<action>, the action in lowercase letters, digits and _");
            }
        }
        for (ConfigSchema.Key key : factory.configSchema().keys()) {
            if (SecretKeys.isSecretLike(key.name()) && key.kind() != ConfigSchema.Kind.SECRET) {
                problems.add(name + " declares the config key '" + key.name() + "' of kind " + key.kind()
                        + ", but a key named like a secret must be of kind SECRET; declare it with"
                        + " ConfigSchema.builder().secret(\"" + key.name() + "\") or rename it");
            }
        }
    }

    private static String name(HandlerFactory factory, String type) {
        return "handler factory '" + type + "' (" + factory.getClass().getName() + ")";
    }
}
