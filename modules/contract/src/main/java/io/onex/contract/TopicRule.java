package io.onex.contract;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The topic naming rule: {@code onex.<tenant>.<domain>.<signal>.v<N>}, with the signal one of
 * cmd, evt, state, error, log; segments {@code [a-z0-9][a-z0-9_-]*}; N a positive integer; and
 * the tenants internal, debug, metrics, health and admin reserved for the platform.
 */
final class TopicRule {

    static final String FORMAT = "onex.<tenant>.<domain>.<signal>.v<N>";
    static final List<String> SIGNALS = List.of("cmd", "evt", "state", "error", "log");
    static final List<String> RESERVED_TENANTS = List.of("internal", "debug", "metrics", "health", "admin");

    static final Pattern SEGMENT = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    static final Pattern VERSION = Pattern.compile("v[1-9][0-9]*");
    private static final Set<String> RESERVED = Set.copyOf(RESERVED_TENANTS);

    /** The role a topic plays for the host, and the signal that role requires. */
    enum Role {
        INPUT("input", "cmd"),
        OUTPUT("output", "evt"),
        DEAD_LETTER("dead_letter", "error");

        final String key;
        final String signal;

        Role(String key, String signal) {
            this.key = key;
            this.signal = signal;
        }
    }

    private TopicRule() {
    }

    /** Checks the naming rule, then the signal the role requires; returns the first broken rule. */
    static Optional<RuleViolation> check(String topic, Role role) {
        String example = "onex.acme.orders." + role.signal + ".v1";
        String[] parts = topic.split("\\.", -1);
        String prefix = "topic '" + topic + "' breaks the naming rule " + FORMAT + ": ";
        String fix = "name it " + FORMAT + ", e.g. " + example;
        if (parts.length != 5) {
            return violation(prefix + "it has " + parts.length + " dot-separated segment" + (parts.length == 1 ? "" : "s")
                    + ", not 5", fix);
        }
        if (!parts[0].equals("onex")) {
            return violation(prefix + "it must start with 'onex.'", fix);
        }
        for (int i = 1; i <= 2; i++) {
            if (!SEGMENT.matcher(parts[i]).matches()) {
                String name = i == 1 ? "tenant" : "domain";
                return violation(prefix + "the " + name + " '" + parts[i] + "' must match " + SEGMENT.pattern(),
                        "use lowercase letters, digits, '_' and '-' in the " + name + ", e.g. " + example);
            }
        }
        if (RESERVED.contains(parts[1])) {
            return Optional.of(new RuleViolation("topic '" + topic + "' uses the reserved tenant '" + parts[1] + "'",
                    List.of(), "use your own tenant; " + String.join(", ", RESERVED_TENANTS)
                            + " are reserved for the platform, e.g. " + example));
        }
        if (!SIGNALS.contains(parts[3])) {
            return Optional.of(new RuleViolation(prefix + "unknown signal '" + parts[3] + "'"
                    + Suggestions.didYouMean(parts[3], SIGNALS), SIGNALS, fix));
        }
        if (!VERSION.matcher(parts[4]).matches()) {
            return violation(prefix + "the version '" + parts[4] + "' must be v followed by a positive number",
                    "end the topic with a version such as v1, e.g. " + example);
        }
        if (!parts[3].equals(role.signal)) {
            String corrected = String.join(".", parts[0], parts[1], parts[2], role.signal, parts[4]);
            return Optional.of(new RuleViolation("the " + role.key + " topic '" + topic + "' has the signal '" + parts[3]
                    + "', but " + role.key + " topics carry '" + role.signal + "'", List.of(role.signal),
                    "use " + corrected + " as the " + role.key + " topic"));
        }
        return Optional.empty();
    }

    private static Optional<RuleViolation> violation(String problem, String fix) {
        return Optional.of(new RuleViolation(problem, List.of(), fix));
    }
}
