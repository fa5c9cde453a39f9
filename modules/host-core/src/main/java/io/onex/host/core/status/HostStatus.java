package io.onex.host.core.status;

import io.onex.host.api.BusHealth;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.HostedNode;
import io.onex.host.api.contract.NodeContract;
import io.onex.host.api.contract.ReadinessMode;
import io.onex.host.core.runtime.ManagedHandler;
import io.onex.host.core.runtime.RuntimeHostProcess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only view of a running host for its health server: whether it runs, its bus, its
 * bindings and what each hosted node needs from them. Nothing here can change the host.
 *
 * <p>Which bindings each node uses is read once from the contract; every {@link #snapshot()}
 * reads the bindings' health afresh, so a caller judges one consistent moment.
 */
public final class HostStatus {

    private final RuntimeHostProcess host;
    /** The bindings each node uses, by node slug, in contract order. */
    private final Map<String, List<String>> nodeBindings;
    private final List<String> bindingOrder;

    private HostStatus(RuntimeHostProcess host) {
        this.host = host;
        Map<String, List<String>> uses = new LinkedHashMap<>();
        for (HostedNode hosted : host.contract().nodes()) {
            Set<String> names = new LinkedHashSet<>();
            for (NodeContract.IoOperation io : hosted.contract().ioOperations()) {
                names.add(io.handler());
            }
            uses.put(hosted.slug(), List.copyOf(names));
        }
        this.nodeBindings = Map.copyOf(uses);
        this.bindingOrder = host.contract().handlers().stream().map(HandlerBinding::name).toList();
    }

    /** Returns the view of {@code host}. */
    public static HostStatus of(RuntimeHostProcess host) {
        return new HostStatus(Objects.requireNonNull(host, "host"));
    }

    /** Returns whether the host runs: started and not draining or stopped. */
    public boolean running() {
        return host.state() == RuntimeHostProcess.State.RUNNING;
    }

    /** Returns the host's lifecycle state in lowercase: {@code created}, {@code running}, {@code draining}... */
    public String state() {
        return host.state().name().toLowerCase(Locale.ROOT);
    }

    /** Returns the bus's health now. */
    public BusHealth bus() {
        return host.bus().health();
    }

    /** Returns what {@code /health/ready} of the whole host asks of the bindings. */
    public ReadinessMode readinessMode() {
        return host.contract().health().readiness();
    }

    /** Returns the slugs of the hosted nodes, in contract order. */
    public List<String> nodeSlugs() {
        return host.contract().nodes().stream().map(HostedNode::slug).toList();
    }

    /** Reads every enabled binding's state and health once, and returns them with the nodes' needs. */
    public Snapshot snapshot() {
        Map<String, BindingStatus> bindings = new LinkedHashMap<>();
        List<ManagedHandler> handlers = new ArrayList<>(host.handlers());
        handlers.sort(java.util.Comparator.comparingInt(h -> bindingOrder.indexOf(h.name())));
        for (ManagedHandler handler : handlers) {
            bindings.put(handler.name(), new BindingStatus(handler.name(), handler.type().wireName(),
                    handler.binding().required(), handler.state(), handler.health()));
        }
        return new Snapshot(List.copyOf(bindings.values()), nodeSlugs().stream()
                .map(slug -> node(slug, bindings)).toList());
    }

    private NodeStatus node(String slug, Map<String, BindingStatus> bindings) {
        List<String> uses = nodeBindings.get(slug);
        List<BindingStatus> down = new ArrayList<>();
        List<String> disabled = new ArrayList<>();
        for (String name : uses) {
            BindingStatus binding = bindings.get(name);
            if (binding == null) {
                disabled.add(name);
            } else if (!binding.up()) {
                down.add(binding);
            }
        }
        return new NodeStatus(slug, uses, down, disabled);
    }

    /**
     * The host's bindings and nodes at one moment.
     *
     * @param bindings every enabled binding, in contract order
     * @param nodes    every hosted node, in contract order
     */
    public record Snapshot(List<BindingStatus> bindings, List<NodeStatus> nodes) {

        public Snapshot {
            bindings = List.copyOf(bindings);
            nodes = List.copyOf(nodes);
        }

        /** Returns the node {@code slug}, if this host hosts one by that name. */
        public Optional<NodeStatus> node(String slug) {
            return nodes.stream().filter(node -> node.node().equals(slug)).findFirst();
        }
    }
}
