package io.onex.host.core.code;

import io.onex.host.api.Handler;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.Invocation;
import io.onex.host.core.runtime.CodeNode;
import java.util.Map;
import java.util.Objects;

/**
 * The handler of a code node's own operations ({@code handler_type: node}): it hands each
 * request to the node's {@link CodeNode}, which runs the application's code within the request's
 * deadline and the node's circuit. The composition root builds one per code node, like every
 * handler, and the host owns its lifecycle.
 */
public final class CodeNodeHandler implements Handler {

    private final CodeNode node;

    /** Returns the handler of {@code node}'s operations. */
    public CodeNodeHandler(CodeNode node) {
        this.node = Objects.requireNonNull(node, "node");
    }

    @Override
    public Map<String, Object> execute(Invocation invocation) {
        return node.execute(invocation);
    }

    @Override
    public HandlerHealth health() {
        return node.health();
    }
}
