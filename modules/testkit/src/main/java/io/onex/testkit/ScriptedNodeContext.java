package io.onex.testkit;

import io.onex.host.api.Deadline;
import io.onex.host.api.Envelope;
import io.onex.host.api.NodeContext;
import io.onex.host.api.OnexException;
import io.onex.host.api.OnexTimeoutException;
import io.onex.host.api.OperationNotAllowedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A {@link NodeContext} for testing a node's code alone, without a host: it answers the calls
 * and sends a test scripts, refuses every other one with OPERATION_NOT_ALLOWED (as a host refuses
 * a call the contract does not list), and records every call and send in order.
 *
 * <pre>{@code
 * ScriptedNodeContext context = ScriptedNodeContext.forNode("pricing")
 *         .answer("tax", "http.get", payload -> Map.of("status_code", 200, "body", Map.of("rate", "0.25")));
 * Map<String, Object> quote = new PricingNode().handle(request, context);
 * assertThat(context.calls()).extracting(ScriptedNodeContext.Recorded::operation).containsExactly("http.get");
 * }</pre>
 */
public final class ScriptedNodeContext implements NodeContext {

    /**
     * One call or send the code made.
     *
     * @param binding   the binding called, or the target node of a send
     * @param operation the operation
     * @param payload   the payload sent
     */
    public record Recorded(String binding, String operation, Map<String, Object> payload) {
    }

    private final String node;
    private final Deadline deadline;
    private final Map<String, Function<Map<String, Object>, Map<String, Object>>> answers;
    private final List<Recorded> calls = new CopyOnWriteArrayList<>();
    private final List<Recorded> sends = new CopyOnWriteArrayList<>();

    private ScriptedNodeContext(String node, Deadline deadline,
            Map<String, Function<Map<String, Object>, Map<String, Object>>> answers) {
        this.node = node;
        this.deadline = deadline;
        this.answers = answers;
    }

    /** Returns a context of node {@code node} with a deadline 30 s from now and nothing scripted. */
    public static ScriptedNodeContext forNode(String node) {
        return new ScriptedNodeContext(Objects.requireNonNull(node, "node"),
                Deadline.in(Duration.ofSeconds(30), Clock.systemUTC()), Map.of());
    }

    /**
     * Returns this context, answering calls of {@code operation} through {@code binding} (or sends
     * of {@code operation} to the node {@code binding}) with what {@code answer} returns for the
     * payload; the answer may throw an {@link OnexException} to script a failure.
     */
    public ScriptedNodeContext answer(String binding, String operation,
            Function<Map<String, Object>, Map<String, Object>> answer) {
        Map<String, Function<Map<String, Object>, Map<String, Object>>> more = new LinkedHashMap<>(answers);
        more.put(key(binding, operation), Objects.requireNonNull(answer, "answer"));
        return new ScriptedNodeContext(node, deadline, Collections.unmodifiableMap(more));
    }

    /** Returns this context with its deadline {@code remaining} from now, read from {@code clock}. */
    public ScriptedNodeContext deadlineIn(Duration remaining, Clock clock) {
        return new ScriptedNodeContext(node, Deadline.in(remaining, clock), answers);
    }

    /** Returns the calls the code made, in order. */
    public List<Recorded> calls() {
        return List.copyOf(calls);
    }

    /** Returns the requests the code sent to other nodes, in order. */
    public List<Recorded> sends() {
        return List.copyOf(sends);
    }

    @Override
    public String node() {
        return node;
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
        calls.add(new Recorded(binding, operation, payload));
        return respond(binding, operation, payload, "call '" + operation + "' through '" + binding + "'");
    }

    @Override
    public List<Map<String, Object>> callAll(List<Call> all) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (Call call : all) {
            results.add(call(call.binding(), call.operation(), call.payload()));
        }
        return results;
    }

    @Override
    public Map<String, Object> send(Envelope request) {
        sends.add(new Recorded(request.targetNode(), request.operation(), request.payload()));
        return respond(request.targetNode(), request.operation(), request.payload(),
                "send '" + request.operation() + "' to node '" + request.targetNode() + "'");
    }

    private Map<String, Object> respond(String binding, String operation, Map<String, Object> payload, String what) {
        if (deadline.passed()) {
            throw new OnexTimeoutException("the deadline of node '" + node + "' passed before it could " + what);
        }
        Function<Map<String, Object>, Map<String, Object>> answer = answers.get(key(binding, operation));
        if (answer == null) {
            throw new OperationNotAllowedException("node '" + node + "' may not " + what + ": nothing scripted"
                    + " answers it");
        }
        Map<String, Object> result = answer.apply(payload == null ? Map.of() : payload);
        return result == null ? Map.of() : result;
    }

    private static String key(String binding, String operation) {
        return binding + " " + operation;
    }
}
