package io.onex.host.core.contract;

import io.onex.host.api.HandlerType;
import io.onex.host.api.contract.Environment;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.HostedNode;
import io.onex.host.api.contract.NodeContract;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Checks a db binding's {@code node_roles} against the nodes that use it: every such node needs a
 * role once the binding sets any, and every role entry must name one of them. In {@code prod}, a
 * db binding used by several nodes without {@code node_roles} is a warning: those nodes share one
 * login and so every privilege, and only the database can keep them apart.
 */
final class DbRoleRule {

    private DbRoleRule() {
    }

    static void check(LoadContext context, Node at, Environment environment, List<HandlerBinding> bindings,
            List<HostedNode> nodes) {
        for (HandlerBinding binding : bindings) {
            if (binding.type() != HandlerType.DB) {
                continue;
            }
            Set<String> users = new TreeSet<>();
            for (HostedNode node : nodes) {
                for (NodeContract.IoOperation io : node.contract().ioOperations()) {
                    if (io.handler().equals(binding.name())) {
                        users.add(node.slug());
                    }
                }
            }
            String label = "runtime.handlers[" + binding.name() + "].config.node_roles";
            if (!(binding.config().get("node_roles") instanceof Map<?, ?> roles) || roles.isEmpty()) {
                if (environment == Environment.PROD && users.size() > 1) {
                    context.problems().warning(at, "db binding '" + binding.name() + "' is shared by nodes " + users
                            + " and sets no node_roles: they all act with every privilege of one login",
                            List.of(), "give each node a PostgreSQL role of its own in " + label + " (see"
                            + " docs/handlers/db.md)");
                }
                continue;
            }
            for (String user : users) {
                if (!roles.containsKey(user)) {
                    context.problems().error(at, "node '" + user + "' uses db binding '" + binding.name()
                            + "', whose node_roles gives it no role", List.copyOf(users),
                            "add " + user + ": <role> to " + label);
                }
            }
            for (Object named : roles.keySet()) {
                if (!users.contains(String.valueOf(named))) {
                    context.problems().error(at, label + " names node '" + named + "', which does not use db binding '"
                            + binding.name() + "'", List.copyOf(users), "name one of the nodes that use the binding");
                }
            }
        }
    }
}
