package io.onex.handler.vault;

import io.onex.host.api.OperationNotAllowedException;
import io.onex.host.api.ProtocolConfigurationException;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's allow-list of secret path prefixes (its contract's {@code targets} for a Vault
 * binding), relative to the binding's mount like the payload's {@code path}.
 *
 * <p>A path is allowed when it equals a target or lies below one after a {@code /}: the target
 * {@code app} allows {@code app} and {@code app/db}, never {@code application}. A trailing
 * {@code /} on a target changes nothing. Listing the mount's root (an empty path) is allowed only
 * when the list is empty, and an empty list allows everything.
 */
final class PathTargets {

    private static final PathTargets NONE = new PathTargets(List.of());

    private final List<String> prefixes;

    private PathTargets(List<String> prefixes) {
        this.prefixes = List.copyOf(prefixes);
    }

    /**
     * Returns the allow-list of {@code targets}.
     *
     * @throws ProtocolConfigurationException if a target is not a well-formed secret path
     */
    static PathTargets of(List<String> targets) {
        if (targets.isEmpty()) {
            return NONE;
        }
        List<String> prefixes = new ArrayList<>(targets.size());
        for (String target : targets) {
            String prefix = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
            if (!SecretPath.isValid(prefix)) {
                throw new ProtocolConfigurationException("a vault target of the node contract, '" + target
                        + "', must be a secret path relative to the binding's mount (segments of letters, digits,"
                        + " '.', '_' or '-' separated by '/', no leading '/' and no '..')");
            }
            prefixes.add(prefix);
        }
        return new PathTargets(prefixes);
    }

    /**
     * Checks that {@code path} (already well-formed, or empty for the mount's root) is allowed.
     *
     * @throws OperationNotAllowedException if it is not
     */
    void check(String path, String operation, String node, String mount) {
        if (prefixes.isEmpty()) {
            return;
        }
        for (String prefix : prefixes) {
            if (!path.isEmpty() && SecretPath.isWithin(path, prefix)) {
                return;
            }
        }
        throw new OperationNotAllowedException(operation + ": node '" + node + "' may not use " + mount + "/" + path
                + "; its targets allow " + prefixes + " (a path equal to a target or below it after a '/')");
    }
}
