package io.onex.host.core.runtime;

import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeMeter;
import io.onex.host.api.EnvelopeValidationException;
import io.onex.host.api.HandlerNotFoundException;
import io.onex.host.api.HandlerType;
import io.onex.host.api.HostObserver;
import io.onex.host.api.InvalidOperationException;
import io.onex.host.api.Invocation;
import io.onex.host.api.NodeNotFoundException;
import io.onex.host.api.OnexException;
import io.onex.host.api.OperationNotAllowedException;
import io.onex.host.api.contract.HostedNode;
import io.onex.host.api.contract.NodeContract;
import io.onex.host.core.HandlerRegistry;
import io.onex.host.core.resilience.NodeGuard;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Routes requests to hosted nodes and checks what each node may do.
 *
 * <p>Everything a decision needs is computed once, when the runtime is built; routing a request
 * is a few hash lookups: the node by {@code target_node} (else NODE_NOT_FOUND), the operation
 * against its handler type's registered factory (else INVALID_OPERATION), the node contract's allow-list (else
 * OPERATION_NOT_ALLOWED), the binding — {@code metadata.binding} when the node may use several
 * of that type — (else HANDLER_NOT_FOUND, listing the available ones), and the node's required
 * input fields (else ENVELOPE_VALIDATION_ERROR).
 */
public final class NodeRuntime {

    private final Map<String, Node> nodes;
    private final HandlerRegistry registry;
    private final String nodeNames;
    private final NodeStats unroutedStats = new NodeStats(HostObserver.NO_NODE);
    private final EnvelopeMeter unroutedMeter;

    private NodeRuntime(Map<String, Node> nodes, HandlerRegistry registry, EnvelopeMeter unroutedMeter) {
        this.nodes = nodes;
        this.registry = registry;
        this.nodeNames = String.join(", ", nodes.keySet());
        this.unroutedMeter = unroutedMeter;
    }

    /**
     * Builds the routing table.
     *
     * @param hostedNodes the nodes of the runtime contract
     * @param handlers    the live handlers by binding name; disabled bindings are absent
     * @param registry    the handler types of the host, with their operations
     */
    public static NodeRuntime build(Collection<HostedNode> hostedNodes, Map<String, ManagedHandler> handlers,
            HandlerRegistry registry) {
        return build(hostedNodes, handlers, registry, HostObserver.NONE);
    }

    /**
     * Builds the routing table, taking one meter per node and binding from {@code observer}.
     *
     * @param hostedNodes the nodes of the runtime contract
     * @param handlers    the live handlers by binding name; disabled bindings are absent
     * @param registry    the handler types of the host, with their operations
     * @param observer    where the outcome of each envelope is recorded
     */
    public static NodeRuntime build(Collection<HostedNode> hostedNodes, Map<String, ManagedHandler> handlers,
            HandlerRegistry registry, HostObserver observer) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (HostedNode hosted : hostedNodes) {
            nodes.put(hosted.slug(), Node.of(hosted, handlers, observer, registry));
        }
        return new NodeRuntime(nodes, registry, observer.meter(HostObserver.NO_NODE, HostObserver.NO_BINDING, null));
    }

    /**
     * Returns whether {@code type} is a handler type of this host; an envelope of another type is
     * answered with ENVELOPE_VALIDATION_ERROR listing {@link #handlerTypes()}.
     */
    boolean knowsType(HandlerType type) {
        return registry.contains(type) || type.equals(CodeNodes.TYPE) && !registry.nodes().isEmpty();
    }

    /** Returns the handler types of this host, joined by ", ". */
    String handlerTypes() {
        return registry.typeList();
    }

    /** Returns the counters of every hosted node, in contract order. */
    public List<NodeStats> stats() {
        return nodes.values().stream().map(n -> n.stats).toList();
    }

    /** Returns the counters of envelopes that named no hosted node or could not be read. */
    public NodeStats unroutedStats() {
        return unroutedStats;
    }

    EnvelopeMeter unroutedMeter() {
        return unroutedMeter;
    }

    /** Returns the node {@code slug}, or {@code null} when none is hosted by that name. */
    Node find(String slug) {
        return slug == null ? null : nodes.get(slug);
    }

    /** Returns the slugs of the hosted nodes, in contract order. */
    String nodeNames() {
        return nodeNames;
    }

    /** Returns the slugs of the hosted nodes, in contract order. */
    public Set<String> nodeSlugs() {
        return nodes.keySet();
    }

    /** Returns the guards of the hosted nodes' limits, in contract order. */
    public List<NodeGuard> guards() {
        return nodes.values().stream().map(node -> node.guard).toList();
    }

    /**
     * Routes a request: returns the handler to call and the invocation to call it with.
     *
     * @throws io.onex.host.api.OnexException with the code that says why the request cannot run
     */
    Route route(Envelope request) {
        return route(find(request.targetNode()), request);
    }

    /** Routes a request to {@code node}, as found by {@link #find}; see {@link #route(Envelope)}. */
    Route route(Node node, Envelope request) {
        if (node != null && (node.code != null || request.handlerType().equals(CodeNodes.TYPE))) {
            return routeCode(node, request);
        }
        return routeCall(node, request);
    }

    /**
     * Routes a request to a code node's own operation ({@code handler_type: node}): the node must
     * run code (else OPERATION_NOT_ALLOWED), the operation must be one its contract declares (else
     * INVALID_OPERATION) and the payload must hold the fields it requires.
     */
    private static Route routeCode(Node node, Envelope request) {
        String operation = request.operation();
        List<String> own = List.copyOf(node.codeOperations.keySet());
        if (node.code == null) {
            throw new OperationNotAllowedException("node '" + node.slug + "' runs no code of its own, so it takes no"
                    + " handler_type '" + CodeNodes.TYPE.wireName() + "'; its contract allows: "
                    + node.allowedOperations());
        }
        if (!request.handlerType().equals(CodeNodes.TYPE)) {
            throw new OperationNotAllowedException("node '" + node.slug + "' runs code: address it with handler_type '"
                    + CodeNodes.TYPE.wireName() + "' and one of its operations: " + String.join(", ", own));
        }
        NodeContract.NodeOperation declared = node.codeOperations.get(operation);
        if (declared == null) {
            throw new InvalidOperationException("'" + operation + "' is not an operation of node '" + node.slug
                    + "'; valid operations: " + String.join(", ", own));
        }
        node.checkRequiredInputs(request);
        Map<String, Object> payload = request.payload();
        for (String field : declared.required()) {
            if (payload == null || !payload.containsKey(field)) {
                throw new EnvelopeValidationException("operation '" + operation + "' of node '" + node.slug
                        + "' requires payload field '" + field + "'; required fields: "
                        + String.join(", ", declared.required()));
            }
        }
        return new Route(node.code, node.guard, new Invocation(request, node.slug, node.code.name(), List.of()),
                node.codeMeter);
    }

    /**
     * Routes a handler operation of {@code node}: a request from outside to a node without code,
     * or a call of a code node's own code ({@link io.onex.host.api.NodeContext#call}).
     */
    Route routeCall(Node node, Envelope request) {
        if (node == null) {
            throw new NodeNotFoundException("no node '" + request.targetNode() + "' is hosted here; hosted nodes: "
                    + nodeNames);
        }
        String operation = request.operation();
        HandlerType type = request.handlerType();
        // One lookup decides the common case: the node's table holds only operations of their
        // type that the host's handler types have, so a hit needs no look-up in the registry.
        List<Access> candidates = node.allowing(type, operation);
        if (candidates.isEmpty()) {
            if (!registry.supports(type, operation)) {
                throw new InvalidOperationException("'" + operation + "' is not an operation of handler type '"
                        + type.wireName() + "'; valid operations: " + String.join(", ", registry.operations(type)));
            }
            throw new OperationNotAllowedException("node '" + node.slug + "' may not perform '" + operation
                    + "'; its contract allows: " + node.allowedOperations());
        }
        Access access = choose(node, request, type, operation, candidates);
        if (access.handler == null) {
            throw new HandlerNotFoundException("binding '" + access.binding + "' is not enabled in this host; "
                    + "bindings available to node '" + node.slug + "': " + node.liveBindings());
        }
        node.checkRequiredInputs(request);
        return new Route(access.handler, node.guard, new Invocation(request, node.slug, access.binding,
                access.targets), access.meter);
    }

    private static Access choose(Node node, Envelope request, HandlerType type, String operation,
            List<Access> candidates) {
        Object wanted = request.metadata().get(Envelope.BINDING);
        if (wanted == null) {
            if (candidates.size() == 1) {
                return candidates.getFirst();
            }
            throw new EnvelopeValidationException("node '" + node.slug + "' can perform '" + operation
                    + "' through several bindings; choose one with metadata.binding: " + names(candidates));
        }
        for (Access candidate : candidates) {
            if (candidate.binding.equals(wanted)) {
                return candidate;
            }
        }
        if (node.knowsBinding(wanted)) {
            throw new OperationNotAllowedException("node '" + node.slug + "' may not perform '" + operation
                    + "' through binding '" + wanted + "'; bindings allowed for it: " + names(candidates));
        }
        throw new HandlerNotFoundException("no binding '" + wanted + "' for node '" + node.slug
                + "'; bindings of type '" + type.wireName() + "' available to it: " + names(candidates));
    }

    private static String names(List<Access> accesses) {
        return String.join(", ", accesses.stream().map(a -> a.binding).toList());
    }

    /**
     * Routes a request to {@code node} as {@link #route(Node, Envelope)} does when the call it
     * routes to never waits ({@link ManagedHandler#neverWaits()}). Returns {@code null} when it may
     * wait or the request cannot be routed; whoever runs it then routes it again and answers why.
     */
    Route routeIfNeverWaits(Node node, Envelope request) {
        if (!node.someCallNeverWaits) {
            return null;
        }
        try {
            Route route = route(node, request);
            return route.handler().neverWaits() ? route : null;
        } catch (OnexException e) {
            return null;
        }
    }

    /** The outcome of routing: which handler, the node's guard, the invocation to give it, and its meter. */
    record Route(ManagedHandler handler, NodeGuard node, Invocation invocation, EnvelopeMeter meter) {
    }

    /** What a node may do through one binding. */
    private record Access(String binding, HandlerType type, ManagedHandler handler, List<String> operations,
            List<String> targets, EnvelopeMeter meter) {
    }

    /** A hosted node, prepared for routing. */
    static final class Node {
        final NodeStats stats;
        /** The meter of this node's envelopes that failed before a binding was chosen. */
        final EnvelopeMeter meter;
        private final String slug;
        private final NodeGuard guard;
        private final Map<HandlerType, List<Access>> byType;
        private final Map<String, List<Access>> byOperation;
        private final List<String> requiredInputs;
        private final String allowed;
        private final String live;
        /** The node's code, when it runs code; {@code null} otherwise. */
        private final ManagedHandler code;
        /** The meter of the node's code, when it runs code. */
        private final EnvelopeMeter codeMeter;
        /** The node's own operations by wire name ({@code <name>.<operation>}), when it runs code. */
        private final Map<String, NodeContract.NodeOperation> codeOperations;
        /** Whether the node runs no code and one of its live bindings' calls never waits. */
        private final boolean someCallNeverWaits;

        private Node(String slug, NodeGuard guard, Map<HandlerType, List<Access>> byType, HandlerRegistry registry,
                List<String> requiredInputs, EnvelopeMeter meter, ManagedHandler code, EnvelopeMeter codeMeter,
                Map<String, NodeContract.NodeOperation> codeOperations) {
            this.slug = slug;
            this.code = code;
            this.codeMeter = codeMeter;
            this.codeOperations = codeOperations;
            this.guard = guard;
            this.stats = new NodeStats(slug);
            this.meter = meter;
            this.byType = byType;
            this.requiredInputs = requiredInputs;
            this.byOperation = new HashMap<>();
            List<String> allowedOperations = new ArrayList<>();
            List<String> liveBindings = new ArrayList<>();
            for (List<Access> accesses : byType.values()) {
                for (Access access : accesses) {
                    for (String operation : access.operations) {
                        if (registry.supports(access.type, operation)) {
                            byOperation.computeIfAbsent(operation, k -> new ArrayList<>()).add(access);
                        }
                        if (!allowedOperations.contains(operation)) {
                            allowedOperations.add(operation);
                        }
                    }
                    if (access.handler != null) {
                        liveBindings.add(access.binding);
                    }
                }
            }
            byOperation.replaceAll((operation, accesses) -> List.copyOf(accesses));
            this.someCallNeverWaits = code == null && byType.values().stream().flatMap(List::stream)
                    .anyMatch(access -> access.handler != null && access.handler.neverWaits());
            this.allowed = allowedOperations.isEmpty() ? "(nothing: it performs no I/O)"
                    : String.join(", ", allowedOperations);
            this.live = liveBindings.isEmpty() ? "(none)" : String.join(", ", liveBindings);
        }

        static Node of(HostedNode hosted, Map<String, ManagedHandler> handlers, HostObserver observer,
                HandlerRegistry registry) {
            NodeContract contract = hosted.contract();
            Map<HandlerType, List<Access>> byType = new LinkedHashMap<>();
            for (NodeContract.IoOperation io : contract.ioOperations()) {
                ManagedHandler handler = handlers.get(io.handler());
                HandlerType type = handler != null ? handler.type() : typeOf(io);
                EnvelopeMeter meter = handler != null ? observer.meter(hosted.slug(), io.handler(), type)
                        : EnvelopeMeter.NONE;
                byType.computeIfAbsent(type, k -> new ArrayList<>())
                        .add(new Access(io.handler(), type, handler, io.operations(), io.targets(), meter));
            }
            ManagedHandler code = handlers.get(CodeNodes.bindingName(hosted.slug()));
            Map<String, NodeContract.NodeOperation> own = new LinkedHashMap<>();
            contract.operations().forEach(op -> own.put(contract.name() + "." + op.name(), op));
            return new Node(hosted.slug(), NodeGuard.of(hosted), byType, registry, contract.requiredInputs(),
                    observer.meter(hosted.slug(), HostObserver.NO_BINDING, null), code,
                    code == null ? EnvelopeMeter.NONE : observer.meter(hosted.slug(), code.name(), CodeNodes.TYPE),
                    own);
        }

        /** Returns the type of a binding that is not live, read from its operations' domain. */
        private static HandlerType typeOf(NodeContract.IoOperation io) {
            String domain = io.operations().getFirst().substring(0, io.operations().getFirst().indexOf('.'));
            return HandlerType.of(domain);
        }

        /**
         * Returns the accesses through which the node may perform {@code operation} of
         * {@code type}, an operation the host's handler types have; empty when there is none.
         */
        List<Access> allowing(HandlerType type, String operation) {
            List<Access> accesses = byOperation.get(operation);
            // Operations are named after their handler type, so the accesses of one share a type.
            return accesses == null || !accesses.getFirst().type.equals(type) ? List.of() : accesses;
        }

        boolean knowsBinding(Object name) {
            return byType.values().stream().flatMap(List::stream).anyMatch(a -> a.binding.equals(name));
        }

        String allowedOperations() {
            return allowed;
        }

        String liveBindings() {
            return live;
        }

        void checkRequiredInputs(Envelope request) {
            if (requiredInputs.isEmpty()) {
                return;
            }
            Map<String, Object> payload = request.payload();
            for (String field : requiredInputs) {
                if (payload == null || !payload.containsKey(field)) {
                    throw new EnvelopeValidationException("node '" + slug + "' requires payload field '" + field
                            + "'; required fields: " + String.join(", ", requiredInputs));
                }
            }
        }
    }
}
