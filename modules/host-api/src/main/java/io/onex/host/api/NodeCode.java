package io.onex.host.api;

import java.util.Map;

/**
 * The node SPI: the business logic of one node, hosted in the process beside the handlers, its
 * I/O going only through the {@link NodeContext} it is given.
 *
 * <p>A node contract that says {@code implementation: code} declares the node's own operations
 * (with their input fields); an application registers the code for it by the contract's
 * {@code name} when it composes its host, in code and never discovered:
 * <pre>{@code
 * OnexHost.builder().node("pricing", PricingNode::new).build().cli(args)
 * }</pre>
 * Requests to the node carry {@code handler_type: node} and an operation
 * {@code <node name>.<operation>}, e.g. {@code pricing.quote}; the host checks the operation and
 * the declared input fields before the code runs, and turns what {@link #handle} returns into the
 * response payload, or what it throws into the error response.
 *
 * <p>The host calls {@link #handle} from many virtual threads at once, each time with a new
 * context: an implementation keeps no per-request state in fields. It is written in plain
 * blocking style, makes no threads, reads no environment and holds no client: everything it may
 * do outside itself, it does through the context, within the node contract and the request's
 * deadline ({@link NodeContext#remaining()}).
 */
@FunctionalInterface
public interface NodeCode {

    /**
     * The version of this SPI, which the host reports with each code node. It changes only with
     * an incompatible change to {@code NodeCode} or {@link NodeContext}.
     */
    int SPI_VERSION = 1;

    /**
     * Handles one request to the node and returns the response payload.
     *
     * @param request the request envelope: validated, its operation one the contract declares and
     *                its payload holding every field the operation requires
     * @param context the node's only way out: its contract's calls, other nodes, its deadline
     * @return the response payload, a JSON-shaped map (see {@link Envelope}); {@code null} is an
     *         empty payload
     * @throws OnexException for an error answer with that code; any other exception is answered
     *                       HANDLER_EXECUTION_ERROR naming only its class, and counts against the
     *                       node's circuit breaker
     */
    Map<String, Object> handle(Envelope request, NodeContext context);
}
