package io.onex.host.core.contract;

import io.onex.host.api.HandlerType;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.HostedNode;
import io.onex.host.api.contract.NodeContract.IoOperation;
import io.onex.host.api.contract.SecretRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * An http binding's secret {@code default_headers} go only to its {@code base_url} origin. A
 * binding with such headers and no {@code base_url} has no home to keep them in: it is refused
 * unless every node on it has {@code targets}, which then bound where the secret may go.
 */
final class SecretHeaderRule {

    private SecretHeaderRule() {
    }

    /**
     * Reports every http binding that has secret default headers, no base_url, and a node without
     * targets on it.
     *
     * @param positions the YAML node of each binding, by name, for the message's line
     */
    static void check(LoadContext context, List<HandlerBinding> bindings, Map<String, Node> positions,
            List<HostedNode> nodes) {
        for (HandlerBinding binding : bindings) {
            if (binding.type() != HandlerType.HTTP || binding.config().get("base_url") != null
                    || !(binding.config().get("default_headers") instanceof Map<?, ?> headers)) {
                continue;
            }
            List<String> secret = new ArrayList<>();
            headers.forEach((name, value) -> {
                if (value instanceof SecretRef) {
                    secret.add(String.valueOf(name));
                }
            });
            List<String> untargeted = untargetedNodes(binding.name(), nodes);
            Node at = positions.get(binding.name());
            if (secret.isEmpty() || untargeted.isEmpty() || at == null) {
                continue;
            }
            context.problems().error(at, "http binding '" + binding.name() + "' has secret default_headers ("
                    + String.join(", ", secret) + ") but no base_url, and node(s) " + String.join(", ", untargeted)
                    + " on it have no targets: the secret could be sent to any URL an envelope names", List.of(),
                    "set config.base_url (secret default headers are then sent only to its scheme, host and port),"
                            + " or give every node on this binding http targets");
        }
    }

    private static List<String> untargetedNodes(String binding, List<HostedNode> nodes) {
        List<String> names = new ArrayList<>();
        for (HostedNode node : nodes) {
            for (IoOperation io : node.contract().ioOperations()) {
                if (io.handler().equals(binding) && io.targets().isEmpty()) {
                    names.add("'" + node.contract().name() + "'");
                }
            }
        }
        return names;
    }
}
