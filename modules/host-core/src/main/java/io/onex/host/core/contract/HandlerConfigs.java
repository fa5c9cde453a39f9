package io.onex.host.core.contract;

import io.onex.host.api.HandlerType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings schema of each handler type and of the Kafka bus: the keys of their
 * {@code config}, with types, defaults and checks.
 */
final class HandlerConfigs {

    private static final String DB_SCHEME = "r2dbc:postgresql://";
    private static final int TEN_MIB = 10 * 1024 * 1024;

    static final ConfigSchema LOCAL = ConfigSchema.builder()
            .choice("transform", "uppercase", List.of("uppercase", "lowercase", "reverse"))
            .build();

    static final ConfigSchema HTTP = ConfigSchema.builder()
            .checkedText("base_url", text -> httpUrl(text, "https://api.example.com"))
            .bool("fail_on_5xx", false)
            .integer("connect_timeout_ms", null, 1)
            .integer("max_request_bytes", TEN_MIB, 1)
            .integer("max_response_bytes", TEN_MIB, 1)
            .choice("follow_redirects", "normal", List.of("never", "normal", "always"))
            .textMap("default_headers")
            .checkedText("health_path", HandlerConfigs::healthPath)
            .build();

    static final ConfigSchema DB = ConfigSchema.builder()
            .requiredText("url", HandlerConfigs::databaseUrl)
            .text("username", null)
            .secret("password")
            .integer("pool_size", 5, 1)
            .integer("acquire_timeout_ms", 2_000, 1)
            .integer("statement_timeout_ms", 30_000, 1)
            .integer("connect_timeout_ms", 5_000, 1)
            .integer("max_idle_ms", 1_800_000, 1)
            .choice("ssl_mode", "prefer", List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full"))
            .text("ssl_root_cert", null)
            .textMap("node_roles")
            .integer("max_rows", 10_000, 1)
            .integer("max_result_bytes", 8 * 1024 * 1024, 1)
            .bool("expose_database_errors", false)
            .build();

    static final ConfigSchema VAULT = ConfigSchema.builder()
            .requiredText("address", text -> httpUrl(text, "https://vault.example.com:8200"))
            .secret("token")
            .text("namespace", null)
            .text("kv_mount", "secret")
            .integer("open_timeout_ms", 5_000, 1)
            .integer("read_timeout_ms", 5_000, 1)
            .build();

    static final ConfigSchema CONSUL = ConfigSchema.builder()
            .requiredText("address", text -> httpUrl(text, "http://127.0.0.1:8500"))
            .secret("token")
            .text("datacenter", null)
            .build();

    /** The Kafka bus settings besides {@code topics}, which the bus reader checks itself. */
    static final ConfigSchema KAFKA = ConfigSchema.builder()
            .requiredText("bootstrap_servers", null)
            .requiredText("consumer_group", null)
            .scalarMap("client_properties", Map.of())
            .build();

    private HandlerConfigs() {
    }

    /** Returns the settings schema of a handler type. */
    static ConfigSchema of(HandlerType type) {
        return switch (type) {
            case LOCAL -> LOCAL;
            case HTTP -> HTTP;
            case DB -> DB;
            case VAULT -> VAULT;
            case CONSUL -> CONSUL;
        };
    }

    private static Optional<RuleViolation> httpUrl(String text, String example) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            if (("http".equals(scheme) || "https".equals(scheme)) && uri.getHost() != null) {
                return Optional.empty();
            }
        } catch (URISyntaxException e) {
            // reported below, like any other malformed address
        }
        return Optional.of(new RuleViolation("must be an absolute http:// or https:// URL", List.of("http", "https"),
                "write the full address, e.g. " + example));
    }

    private static Optional<RuleViolation> healthPath(String text) {
        if (text.startsWith("/") && !text.startsWith("//") && text.chars().noneMatch(c -> c <= ' ' || c == '#')) {
            return Optional.empty();
        }
        return Optional.of(new RuleViolation("must be a path on base_url, starting with a single /", List.of(),
                "write the path of the service's health endpoint, e.g. /healthz"));
    }

    // Never echoes the URL: it may carry a password.
    private static Optional<RuleViolation> databaseUrl(String text) {
        if (!text.startsWith(DB_SCHEME)) {
            return Optional.of(new RuleViolation("must start with " + DB_SCHEME, List.of(DB_SCHEME),
                    "write the URL as " + DB_SCHEME + "host:5432/database"));
        }
        String rest = text.substring(DB_SCHEME.length());
        int end = rest.length();
        for (char stop : new char[] {'/', '?'}) {
            int at = rest.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        // A user name before '@' is fine (it is not a secret); a password (user:password@) is not.
        int at = rest.substring(0, end).lastIndexOf('@');
        if (at >= 0 && (rest.substring(0, at).contains(":") || rest.substring(0, at).contains("%"))) {
            return Optional.of(new RuleViolation("must not carry a password (user:password@host)", List.of(),
                    "keep at most the user name in the URL and set password: { secret_ref: \"env:DB_PASSWORD\" }"));
        }
        return Optional.empty();
    }
}
