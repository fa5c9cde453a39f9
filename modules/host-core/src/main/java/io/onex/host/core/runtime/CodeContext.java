package io.onex.host.core.runtime;

import io.onex.host.api.Deadline;
import io.onex.host.api.Envelope;
import io.onex.host.api.HandlerType;
import io.onex.host.api.InvalidOperationException;
import io.onex.host.api.NodeContext;
import io.onex.host.api.OnexException;
import io.onex.host.api.OnexTimeoutException;
import io.onex.host.api.OperationNotAllowedException;
import io.onex.host.api.ServiceUnavailableException;
import io.onex.host.api.contract.HostedNode;
import io.onex.host.api.contract.NodeType;
import io.onex.host.core.HandlerRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The {@link NodeContext} of one request to a code node. */
final class CodeContext implements NodeContext {

    /** The metadata key that counts how many node-to-node sends led to a request. */
    static final String HOPS = "onex_hops";
    /** How many sends deep a chain of nodes may go; one more is refused, so a cycle ends. */
    static final int MAX_HOPS = 8;
    /** How many calls of one {@link #callAll} run at once when the node sets no {@code limits.max_concurrent}. */
    static final int DEFAULT_PARALLEL_CALLS = 8;

    /** What a code node's calls go through: the host's own routing. */
    interface Host {
        /** Performs one call of node {@code node} through its binding; see {@link NodeContext#call}. */
        Map<String, Object> call(String node, Envelope request, Instant deadline);

        /** Routes {@code request} to its node, through the node's limits, and returns its answer. */
        Envelope dispatch(Envelope request, Instant deadline);
    }

    private final Host host;
    private final HostedNode node;
    private final Envelope request;
    private final Deadline deadline;

    CodeContext(Host host, HostedNode node, Envelope request, Instant deadline, Clock clock) {
        this.host = Objects.requireNonNull(host, "host");
        this.node = node;
        this.request = request;
        this.deadline = new Deadline(deadline, clock);
    }

    @Override
    public String node() {
        return node.slug();
    }

    @Override
    public Instant deadline() {
        return deadline.at();
    }

    @Override
    public Clock clock() {
        return deadline.clock();
    }

    @Override
    public Map<String, Object> call(String binding, String operation, Map<String, Object> payload) {
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(operation, "operation");
        if (node.contract().nodeType() == NodeType.COMPUTE) {
            throw new OperationNotAllowedException("node '" + node.slug() + "' is a COMPUTE node: its code makes no"
                    + " I/O, so it may not call '" + operation + "' through '" + binding + "'");
        }
        if (!HandlerRegistry.isWellFormedOperation(operation)) {
            throw new InvalidOperationException("operation '" + operation + "' is not well formed: operations are"
                    + " dotted lowercase {domain}.{action}, e.g. db.query");
        }
        checkDeadline(operation);
        HandlerType type = HandlerType.of(operation.substring(0, operation.indexOf('.')));
        Map<String, Object> metadata = new LinkedHashMap<>(request.metadata());
        metadata.remove(Envelope.ORIGINAL_TARGET_NODE);
        metadata.put(Envelope.BINDING, binding);
        Envelope call = Envelope.request(node.slug(), type, operation, payload == null ? Map.of() : payload)
                .withCorrelationId(request.correlationId()).withSourceNode(node.slug()).withMetadata(metadata);
        return host.call(node.slug(), call, deadline.at());
    }

    @Override
    public List<Map<String, Object>> callAll(List<Call> calls) {
        List<Call> all = List.copyOf(calls);
        Semaphore parallel = new Semaphore(node.limits().maxConcurrent().orElse(DEFAULT_PARALLEL_CALLS));
        List<Future<Map<String, Object>>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("onex-node-" + node.slug() + "-call-", 0).factory())) {
            for (Call call : all) {
                futures.add(threads.submit(() -> {
                    if (!parallel.tryAcquire(Math.max(0, remaining().toNanos()), TimeUnit.NANOSECONDS)) {
                        throw new OnexTimeoutException("the deadline of node '" + node.slug() + "' passed before"
                                + " '" + call.operation() + "' could start");
                    }
                    try {
                        return call(call.binding(), call.operation(), call.payload());
                    } finally {
                        parallel.release();
                    }
                }));
            }
            List<Map<String, Object>> results = new ArrayList<>();
            for (Future<Map<String, Object>> future : futures) {
                results.add(await(future));
            }
            return results;
        } finally {
            // Whatever did not finish is cancelled before the executor closes, so that it waits for none.
            futures.forEach(future -> future.cancel(true));
        }
    }

    private Map<String, Object> await(Future<Map<String, Object>> future) {
        try {
            return future.get(Math.max(0, remaining().toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new OnexTimeoutException("the calls of node '" + node.slug() + "' did not finish before the"
                    + " envelope's deadline (" + deadline.at() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OnexTimeoutException("node '" + node.slug() + "' was interrupted (its deadline passed)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OnexException onex) {
                throw onex;
            }
            throw new ServiceUnavailableException("a call of node '" + node.slug() + "' failed ("
                    + e.getCause().getClass().getSimpleName() + ")");
        }
    }

    @Override
    public Map<String, Object> send(Envelope target) {
        Objects.requireNonNull(target, "request");
        if (node.contract().nodeType() != NodeType.ORCHESTRATOR) {
            throw new OperationNotAllowedException("node '" + node.slug() + "' is a " + node.contract().nodeType()
                    + " node; only an ORCHESTRATOR node sends to other nodes");
        }
        if (target.isResponse()) {
            throw new InvalidOperationException("node '" + node.slug() + "' may send only requests");
        }
        int hops = hops(request) + 1;
        if (hops > MAX_HOPS) {
            throw new OperationNotAllowedException("node '" + node.slug() + "' may not send to '" + target.targetNode()
                    + "': the request has already gone through " + MAX_HOPS + " nodes (a cycle of nodes?)");
        }
        checkDeadline(target.operation());
        Map<String, Object> metadata = new LinkedHashMap<>(target.metadata());
        Object tenant = request.metadata().get(Envelope.TENANT_ID);
        if (tenant != null) {
            metadata.putIfAbsent(Envelope.TENANT_ID, tenant);
        }
        metadata.put(HOPS, hops);
        long seconds = Math.max(1, (remaining().toMillis() + 999) / 1000);
        Envelope sent = target.withCorrelationId(request.correlationId()).withSourceNode(node.slug())
                .withMetadata(metadata).withTtlSeconds((int) Math.min(Integer.MAX_VALUE, seconds));
        Envelope answer = host.dispatch(sent, deadline.at());
        if (!answer.success()) {
            throw OnexException.of(answer.error().code(), "node '" + target.targetNode() + "' answered "
                    + answer.error().code() + ": " + answer.error().message());
        }
        return answer.payload() == null ? Map.of() : answer.payload();
    }

    /** Returns how many sends led to {@code request}. */
    static int hops(Envelope request) {
        return request.metadata().get(HOPS) instanceof Number n ? Math.max(0, n.intValue()) : 0;
    }

    private void checkDeadline(String operation) {
        if (Thread.currentThread().isInterrupted() || deadline.passed()) {
            throw new OnexTimeoutException("the deadline of node '" + node.slug() + "' (" + deadline.at() + ") passed"
                    + " before it could call '" + operation + "'");
        }
    }
}
