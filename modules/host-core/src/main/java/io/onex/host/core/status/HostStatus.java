package io.onex.host.core.status;

import io.onex.host.api.BusHealth;
import io.onex.host.api.Envelope;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.HostedNode;
import io.onex.host.api.contract.NodeContract;
import io.onex.host.api.contract.ReadinessMode;
import io.onex.host.api.contract.RuntimeContract;
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
import java.util.function.Supplier;

/**
 * A read-only view of a running host for its health server: whether it runs and how far it has
 * got, its contract, its bus, its bindings and what each hosted node needs from them, and the
 * counts of each node and binding. Nothing here can change the host: the health server reads the
 * host only through this view.
 *
 * <p>Which bindings each node uses is read once from the contract; every {@link #snapshot()}
 * reads the bindings' health afresh, so a caller judges one consistent moment.
 */
public final class HostStatus {

    private final RuntimeHostProcess host;
    /** The bindings each node uses, by node slug, in contract order. */
    private final Map<String, List<String>> nodeBindings;
    // Made once: meters hold what they read weakly, so each binding and node keeps one view.
    private final List<BindingActivity> bindings;
    private final List<NodeActivity> nodes;
    private final NodeActivity unrouted;

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
        List<String> bindingOrder = host.contract().handlers().stream().map(HandlerBinding::name).toList();
        List<ManagedHandler> handlers = new ArrayList<>(host.handlers());
        handlers.sort(java.util.Comparator.comparingInt(h -> bindingOrder.indexOf(h.name())));
        this.bindings = handlers.stream().map(BindingActivity::new).toList();
        this.nodes = host.nodeStats().stream().map(NodeActivity::new).toList();
        this.unrouted = new NodeActivity(host.unroutedStats());
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
        return lower(host.state());
    }

    /** Returns every lifecycle state a host can be in, in lowercase, in order. */
    public static List<String> states() {
        return java.util.Arrays.stream(RuntimeHostProcess.State.values()).map(HostStatus::lower).toList();
    }

    /** Returns the id of this run of the host. */
    public String runtimeId() {
        return host.runtimeId();
    }

    /** Returns the contract the host runs (an immutable value). */
    public RuntimeContract contract() {
        return host.contract();
    }

    /** Returns the topic the host takes its envelopes from. */
    public String inputTopic() {
        return host.inputTopic();
    }

    /** Returns the topic the host publishes its responses to. */
    public String outputTopic() {
        return host.outputTopic();
    }

    /** Returns how many envelopes may be in flight at once. */
    public int maxInFlight() {
        return host.maxInFlight();
    }

    /** Returns how many messages of the input topic wait on the bus now. */
    public long inputPending() {
        return host.bus().pending(host.inputTopic());
    }

    /** Returns how far the host has got: envelopes answered so far, and whether work is waiting. */
    public Progress progress() {
        io.onex.host.core.runtime.Progress now = host.progress();
        return new Progress(now.answered(), now.workWaiting());
    }

    /** Returns how much input was not a valid envelope at all. */
    public long rejected() {
        return host.stats().rejectedCount();
    }

    /** Returns how many responses could not be published. */
    public long publishFailures() {
        return host.stats().publishFailureCount();
    }

    /**
     * Returns the error response the host gives {@code request} when its {@code handler_type} is
     * not a type of this host, or empty when the host has the type (a question, not a call).
     */
    public Optional<Envelope> unknownType(Envelope request) {
        return host.unknownType(request);
    }

    /** Returns the counts of every hosted node, in contract order, each read live. */
    public List<NodeActivity> nodeActivity() {
        return nodes;
    }

    /** Returns the counts of the envelopes that named no hosted node, read live. */
    public NodeActivity unrouted() {
        return unrouted;
    }

    /** Returns every enabled binding, in contract order, each read live. */
    public List<BindingActivity> bindings() {
        return bindings;
    }

    /** Returns the extra sections of the host's report by name (e.g. {@code secrets}), each read when asked. */
    public Map<String, Supplier<Map<String, Object>>> reports() {
        return host.reports();
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
        for (BindingActivity binding : bindings()) {
            bindings.put(binding.name(), new BindingStatus(binding.name(), binding.type(), binding.required(),
                    binding.state(), binding.health()));
        }
        return new Snapshot(List.copyOf(bindings.values()), nodeSlugs().stream()
                .map(slug -> node(slug, bindings)).toList());
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
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
     * How far a host has got, for liveness: a host with work waiting whose answered count stops
     * moving is stuck.
     *
     * @param answered    envelopes answered since the host started, successfully or not
     * @param workWaiting whether envelopes are in flight or queued on the input topic
     */
    public record Progress(long answered, boolean workWaiting) {
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
