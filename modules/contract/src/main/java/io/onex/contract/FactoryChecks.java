package io.onex.contract;

import io.onex.host.api.HandlerFactory;
import io.onex.host.api.HandlerFactory.Finding;
import io.onex.host.api.HandlerFactory.NodeUse;
import io.onex.host.api.contract.Environment;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.HostedNode;
import io.onex.host.api.contract.NodeContract.IoOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Runs each binding's {@link HandlerFactory#check factory check} once the whole contract is read,
 * with the nodes that use the binding, and reports every finding at the binding's line.
 */
final class FactoryChecks {

    private FactoryChecks() {
    }

    /**
     * @param positions the YAML node of each binding, by name, for the findings' line
     * @param fallback  where to report a finding of a binding without a position
     */
    static void check(LoadContext context, Node fallback, Environment environment, List<HandlerBinding> bindings,
            Map<String, Node> positions, List<HostedNode> nodes) {
        for (HandlerBinding binding : bindings) {
            Optional<HandlerFactory> factory = context.handlers().factory(binding.type());
            if (factory.isEmpty()) {
                continue; // an unregistered type was reported where it is written
            }
            Node at = positions.getOrDefault(binding.name(), fallback);
            List<Finding> findings;
            try {
                findings = factory.get().check(binding, uses(binding.name(), nodes), environment);
            } catch (RuntimeException e) {
                // A third party's check must not stop the loader from reporting everything else.
                context.problems().error(at, "the " + binding.type() + " handler's check of binding '"
                        + binding.name() + "' failed (" + e.getClass().getSimpleName() + ")", List.of(),
                        "report this to the author of the " + binding.type() + " handler ("
                                + factory.get().getClass().getName() + ")");
                continue;
            }
            for (Finding finding : findings == null ? List.<Finding>of() : findings) {
                if (finding.error()) {
                    context.problems().error(at, finding.message(), finding.validChoices(), finding.fix());
                } else {
                    context.problems().warning(at, finding.message(), finding.validChoices(), finding.fix());
                }
            }
        }
    }

    /** Returns each node's use of the binding {@code name}, in contract order. */
    private static List<NodeUse> uses(String name, List<HostedNode> nodes) {
        List<NodeUse> uses = new ArrayList<>();
        for (HostedNode node : nodes) {
            for (IoOperation io : node.contract().ioOperations()) {
                if (io.handler().equals(name)) {
                    uses.add(new NodeUse(node.slug(), io.operations(), io.targets()));
                }
            }
        }
        return uses;
    }
}
