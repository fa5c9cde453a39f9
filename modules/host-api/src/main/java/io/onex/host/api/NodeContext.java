package io.onex.host.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a node's {@link NodeCode} may do outside itself, for one request: the calls its contract
 * lists, the other nodes of its host (ORCHESTRATOR nodes only), and its deadline. Nothing else
 * is reachable from node code: no handler object, no client, no environment.
 *
 * <p>Every call goes through the same fences as an envelope from outside: the node contract's
 * allow-list and targets, the binding's rate limit, bulkhead, retries, timeout and circuit
 * breaker, and the request's deadline. A call the contract does not allow fails with
 * OPERATION_NOT_ALLOWED, and so does every call of a COMPUTE node, which makes no I/O.
 *
 * <p>A context is valid for its request only, and may be used from the threads it starts itself
 * through {@link #callAll}.
 */
public interface NodeContext {

    /** Returns the routing name (slug) of the node the request is for. */
    String node();

    /**
     * Returns when the request's deadline passes: its expiry ({@code timestamp} plus
     * {@code ttl_seconds}) or, without one, the node's default deadline after it started.
     */
    Instant deadline();

    /**
     * Returns the clock the {@linkplain #deadline() deadline} is read against: the host's clock,
     * or the one a test gives its context; the system clock (UTC) unless a context says otherwise.
     */
    default Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Returns the time left before the {@linkplain #deadline() deadline} on the context's
     * {@linkplain #clock() clock}; zero once it passed, never negative (as {@link Deadline#remaining()}).
     * Code that loops checks it (or its thread's interrupt flag): at the deadline the host answers
     * TIMEOUT and interrupts the code.
     */
    default Duration remaining() {
        return new Deadline(deadline(), clock()).remaining();
    }

    /**
     * Performs one operation through one of the node's handler bindings and returns the
     * response payload.
     *
     * @param binding   the binding name, as the node contract's {@code io_operations[].handler}
     * @param operation the operation, e.g. {@code db.query}
     * @param payload   the operation's payload
     * @throws OnexException OPERATION_NOT_ALLOWED when the contract does not allow it (always for
     *                       a COMPUTE node), TIMEOUT when the deadline has passed, or the error the
     *                       binding answered with
     */
    Map<String, Object> call(String binding, String operation, Map<String, Object> payload);

    /**
     * Performs several calls at once, each as {@link #call}, and returns their payloads in the
     * same order. At most the node's {@code limits.max_concurrent} (else 8) run at a time; all are
     * bounded by the deadline. When one fails, the others are cancelled and its error is thrown.
     */
    List<Map<String, Object>> callAll(List<Call> calls);

    /**
     * Sends a request to another node of this host and returns its response payload. Only an
     * ORCHESTRATOR node may send. The request goes through the host's routing and the target
     * node's limits like any envelope; the host sets its source node, correlation and a
     * time-to-live no longer than this request's remaining time, and counts hops so that a
     * cycle of nodes ends with OPERATION_NOT_ALLOWED.
     *
     * @param request a request, as {@link Envelope#request} builds it
     * @throws OnexException the error the target node answered with, or OPERATION_NOT_ALLOWED
     */
    Map<String, Object> send(Envelope request);

    /**
     * One call of {@link #callAll}.
     *
     * @param binding   the binding name
     * @param operation the operation
     * @param payload   its payload
     */
    record Call(String binding, String operation, Map<String, Object> payload) {
        public Call {
            Objects.requireNonNull(binding, "binding");
            Objects.requireNonNull(operation, "operation");
            payload = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(payload));
        }
    }
}
