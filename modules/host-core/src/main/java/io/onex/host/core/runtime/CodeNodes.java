package io.onex.host.core.runtime;

import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeMeter;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.host.api.NodeCode;
import io.onex.host.api.OnexException;
import io.onex.host.api.OnexTimeoutException;
import io.onex.host.api.contract.HostedNode;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.core.HandlerRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The code nodes of a host: matching the composition's registered {@link NodeCode} to the node
 * contracts that say {@code implementation: code}, and running each as the handler of a binding
 * of its own ({@value #BINDING_PREFIX}{@code <slug>}, of handler type {@code node}, built by {@link CodeNode#addAll}), so that its
 * envelopes take the path every envelope takes.
 */
public final class CodeNodes {

    /** The handler type of requests to a code node's own operations. */
    public static final HandlerType TYPE = HandlerType.of(HandlerRegistry.NODE_TYPE);
    /** The prefix of a code node's binding name, which metrics and health show. */
    public static final String BINDING_PREFIX = "node:";

    private CodeNodes() {
    }

    /** Returns the name of the binding that runs the code of node {@code slug}. */
    public static String bindingName(String slug) {
        return BINDING_PREFIX + slug;
    }

    /**
     * Returns what keeps {@code registry}'s node code and {@code contract} from matching: a contract
     * that asks for code no one registered, code registered for no node of the contract.
     */
    public static List<String> problems(RuntimeContract contract, HandlerRegistry registry) {
        List<String> problems = new ArrayList<>();
        Set<String> asked = new TreeSet<>();
        Set<String> hosted = new TreeSet<>();
        for (HostedNode node : contract.nodes()) {
            String name = node.contract().name();
            hosted.add(name);
            if (node.contract().code()) {
                asked.add(name);
                if (!registry.nodes().containsKey(name)) {
                    problems.add("node '" + name + "' (" + node.contract().source() + ") says implementation: code,"
                            + " but this host has no code registered for it; register it with"
                            + " OnexHost.builder().node(\"" + name + "\", ...), or remove implementation: code");
                }
            }
        }
        for (String name : registry.nodes().keySet()) {
            if (!asked.contains(name)) {
                problems.add("code is registered for node '" + name + "', but " + (hosted.contains(name)
                        ? "its contract does not say implementation: code" : "the contract hosts no node of that name"
                                + " (hosted: " + String.join(", ", hosted) + ")")
                        + "; fix the node contract or the registration");
            }
        }
        return problems;
    }

    /** The host's routing as a code node's context calls it. */
    static final class Routing implements CodeContext.Host {
        private final NodeRuntime nodes;
        private final Clock clock;
        private final Supplier<UUID> ids;

        Routing(NodeRuntime nodes, Clock clock, Supplier<UUID> ids) {
            this.nodes = nodes;
            this.clock = clock;
            this.ids = ids;
        }

        @Override
        public Map<String, Object> call(String node, Envelope request, Instant deadline) {
            NodeRuntime.Route route = nodes.routeCall(nodes.find(node), request);
            long started = System.nanoTime();
            try {
                Map<String, Object> result = route.handler().execute(route.invocation());
                route.meter().answered();
                return result;
            } catch (OnexException e) {
                route.meter().failed(e.code());
                throw e;
            } finally {
                route.meter().executed(System.nanoTime() - started);
            }
        }

        @Override
        public Envelope dispatch(Envelope request, Instant deadline) {
            NodeRuntime.Node node = nodes.find(request.targetNode());
            if (node != null) {
                node.stats.started();
            }
            Envelope answer = answer(node, request, deadline);
            if (node != null) {
                node.stats.finished(answer.success());
            }
            return answer;
        }

        private Envelope answer(NodeRuntime.Node node, Envelope request, Instant deadline) {
            EnvelopeMeter meter = node == null ? nodes.unroutedMeter() : node.meter;
            try {
                NodeRuntime.Route route = nodes.route(node, request);
                meter = route.meter();
                enter(route, deadline);
                long started = System.nanoTime();
                Map<String, Object> result;
                try {
                    result = route.handler().execute(route.invocation());
                } finally {
                    route.meter().executed(System.nanoTime() - started);
                    route.node().exit();
                }
                meter.answered();
                return Envelope.responseTo(request, result, ids.get(), clock.instant());
            } catch (OnexException e) {
                meter.failed(e.code());
                return Envelope.errorFor(request, e.toError(request.handlerType(), request.operation()), ids.get(),
                        clock.instant());
            } catch (RuntimeException e) {
                meter.failed(ErrorCode.HANDLER_EXECUTION_ERROR);
                return Envelope.errorFor(request, OnexException.of(ErrorCode.HANDLER_EXECUTION_ERROR,
                        "the host failed unexpectedly (" + e.getClass().getSimpleName() + ")")
                        .toError(request.handlerType(), request.operation()), ids.get(), clock.instant());
            }
        }

        /** Takes a place of the target node, waiting for one at most until the sender's deadline. */
        private void enter(NodeRuntime.Route route, Instant deadline) {
            if (route.node().tryEnter()) {
                return;
            }
            Duration left = Duration.between(clock.instant(), deadline);
            boolean admitted;
            try {
                admitted = route.node().awaitEntry(Math.max(0, left.toNanos()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                admitted = false;
            }
            if (!admitted) {
                throw new OnexTimeoutException("node '" + route.node().slug() + "' had no free place before the"
                        + " sender's deadline (" + deadline + ")");
            }
        }
    }
}
