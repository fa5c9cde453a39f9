package io.onex.host.core.resilience;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resilience guards of one runtime host, by binding name and node slug: what health and
 * metrics read breaker states, retry counts, rejections and per-node in-flight counts from.
 * Every read is a fresh snapshot.
 */
public final class Resilience {

    private final Map<String, BindingGuard> bindings;
    private final Map<String, NodeGuard> nodes;

    private Resilience(Map<String, BindingGuard> bindings, Map<String, NodeGuard> nodes) {
        this.bindings = bindings;
        this.nodes = nodes;
    }

    /** Returns the registry of these guards, in the order given. */
    public static Resilience of(Collection<BindingGuard> bindingGuards, Collection<NodeGuard> nodeGuards) {
        Map<String, BindingGuard> bindings = new LinkedHashMap<>();
        bindingGuards.forEach(guard -> bindings.put(guard.binding().name(), guard));
        Map<String, NodeGuard> nodes = new LinkedHashMap<>();
        nodeGuards.forEach(guard -> nodes.put(guard.slug(), guard));
        return new Resilience(bindings, nodes);
    }

    /** Returns a snapshot of every live binding's guard, in contract order. */
    public List<BindingGuardStats> bindings() {
        return bindings.values().stream().map(BindingGuard::snapshot).toList();
    }

    /** Returns a snapshot of the guard of binding {@code name}, if it is live. */
    public Optional<BindingGuardStats> binding(String name) {
        return Optional.ofNullable(bindings.get(name)).map(BindingGuard::snapshot);
    }

    /** Returns a snapshot of every hosted node's guard, in contract order. */
    public List<NodeGuardStats> nodes() {
        return nodes.values().stream().map(NodeGuard::snapshot).toList();
    }

    /** Returns a snapshot of the guard of node {@code slug}, if it is hosted. */
    public Optional<NodeGuardStats> node(String slug) {
        return Optional.ofNullable(nodes.get(slug)).map(NodeGuard::snapshot);
    }
}
