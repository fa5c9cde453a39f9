package io.onex.host.core;

import io.onex.host.api.HandlerType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The catalogue of operations each handler type supports, and the operation naming rule. The
 * contract loader checks node contracts against it; the router checks envelopes against it.
 */
public final class Operations {

    /** Operations are dotted lowercase {@code {domain}.{action}}, e.g. {@code http.get}. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*");

    private static final Map<HandlerType, List<String>> BY_TYPE = new EnumMap<>(Map.of(
            HandlerType.LOCAL, List.of("local.echo", "local.transform", "local.error"),
            HandlerType.HTTP, List.of("http.get", "http.post", "http.put", "http.delete", "http.patch"),
            HandlerType.DB, List.of("db.query", "db.execute", "db.transaction"),
            HandlerType.VAULT, List.of("vault.get_secret", "vault.set_secret", "vault.delete_secret",
                    "vault.list_secrets"),
            HandlerType.CONSUL, List.of("consul.register_service", "consul.deregister_service",
                    "consul.get_service", "consul.list_services", "consul.health_check_service")));

    private Operations() {
    }

    /** Returns the operations of {@code type}, in documentation order. */
    public static List<String> of(HandlerType type) {
        return BY_TYPE.get(type);
    }

    /** Returns whether {@code operation} is one that {@code type} supports. */
    public static boolean supports(HandlerType type, String operation) {
        return BY_TYPE.get(type).contains(operation);
    }

    /** Returns whether {@code operation} follows the {@code {domain}.{action}} naming rule. */
    public static boolean isWellFormed(String operation) {
        return NAME.matcher(operation).matches();
    }
}
