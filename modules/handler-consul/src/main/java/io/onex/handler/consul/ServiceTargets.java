package io.onex.handler.consul;

import io.onex.host.api.OperationNotAllowedException;
import io.onex.host.api.ProtocolConfigurationException;
import java.util.List;

/**
 * A node's allow-list of Consul service names (its contract's {@code targets} for a Consul
 * binding). A target is a service name, or a name prefix ending in {@code *} ({@code payments-*}
 * allows {@code payments-api} and {@code payments-worker}); {@code *} alone allows every name. An
 * empty list allows everything.
 */
final class ServiceTargets {

    private static final ServiceTargets ALL = new ServiceTargets(List.of());

    private final List<String> targets;

    private ServiceTargets(List<String> targets) {
        this.targets = List.copyOf(targets);
    }

    /**
     * Returns the allow-list of {@code targets}.
     *
     * @throws ProtocolConfigurationException if a target is neither a service name nor a prefix
     *                                        ending in {@code *}
     */
    static ServiceTargets of(List<String> targets) {
        if (targets.isEmpty()) {
            return ALL;
        }
        for (String target : targets) {
            String name = target.endsWith("*") ? target.substring(0, target.length() - 1) : target;
            if (!name.isEmpty() && !Payloads.NAME.matcher(name).matches()) {
                throw new ProtocolConfigurationException("a consul target of the node contract must be a service"
                        + " name or a name prefix ending in '*', not '" + target + "'");
            }
        }
        return new ServiceTargets(targets);
    }

    /** Returns whether every service name is allowed: no targets, or the target {@code *}. */
    boolean allowsEverything() {
        return targets.isEmpty() || targets.contains("*");
    }

    /** Returns whether {@code name} is allowed. */
    boolean allows(String name) {
        if (targets.isEmpty()) {
            return true;
        }
        for (String target : targets) {
            if (target.endsWith("*") ? name.startsWith(target.substring(0, target.length() - 1))
                    : name.equals(target)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks that {@code name} is allowed.
     *
     * @throws OperationNotAllowedException if it is not
     */
    void check(String name, String operation, String node) {
        if (!allows(name)) {
            throw new OperationNotAllowedException(operation + ": node '" + node + "' may not use the Consul service '"
                    + name + "'; its targets allow " + targets);
        }
    }
}
