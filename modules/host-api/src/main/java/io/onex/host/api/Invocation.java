package io.onex.host.api;

import java.util.List;
import java.util.Objects;

/**
 * One call of {@link Handler#execute}: the request and what the host decided about it.
 *
 * @param envelope the request envelope, already validated and routed
 * @param node     the routing name (slug) of the node the request is for
 * @param binding  the name of the handler binding that executes it
 * @param targets  the node contract's allow-list for this binding (URL prefixes, tables,
 *                 secret paths); empty when the contract sets none
 */
public record Invocation(Envelope envelope, String node, String binding, List<String> targets) {

    public Invocation {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(binding, "binding");
        targets = List.copyOf(targets);
    }

    /** Returns the requested operation, e.g. {@code db.query}. */
    public String operation() {
        return envelope.operation();
    }

    /** Returns the request payload, or an empty map when it has none. */
    public java.util.Map<String, Object> payload() {
        java.util.Map<String, Object> payload = envelope.payload();
        return payload == null ? java.util.Map.of() : payload;
    }
}
