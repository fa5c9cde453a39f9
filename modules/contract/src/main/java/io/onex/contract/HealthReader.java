package io.onex.contract;

import io.onex.host.api.contract.HealthSpec;
import io.onex.host.api.contract.ReadinessMode;
import io.onex.host.api.contract.SecretRef;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads {@code runtime.health}: the address, the ingress switch, the bearer token, the caps and
 * what readiness asks of the bindings.
 */
final class HealthReader {

    static final List<String> KEYS = List.of("enabled", "host", "port", "ingress", "liveness_stall_seconds",
            "check_interval_seconds", "auth_token", "auth_metrics", "max_connections", "max_header_bytes",
            "read_timeout_seconds", "readiness");

    private final LoadContext context;

    HealthReader(LoadContext context) {
        this.context = context;
    }

    /** Returns the health section of {@code runtime}, or the disabled default when it has none. */
    HealthSpec read(Fields runtime) {
        return runtime.mapping("health", KEYS).map(this::health)
                .orElse(new HealthSpec(false, "127.0.0.1", 8080, Optional.empty()));
    }

    private HealthSpec health(Fields health) {
        boolean enabled = health.bool("enabled", false);
        String host = health.string("host").orElse("127.0.0.1");
        int port = health.integer("port", 8080, 0, 65_535);
        Optional<Boolean> ingress = health.optionalBool("ingress");
        OptionalInt stall = health.integer("liveness_stall_seconds", 1, 86_400);
        Optional<SecretRef> token = health.take("auth_token").flatMap(value -> SecretRule.require(context,
                "auth_token", value, health.label("auth_token"), "onex_health"));
        Optional<Node> metricsKey = health.keyNode("auth_metrics");
        boolean tokenKey = health.keyNode("auth_token").isPresent();
        boolean metrics = health.bool("auth_metrics", false);
        HealthSpec.Limits defaults = HealthSpec.Limits.DEFAULTS;
        int connections = health.integer("max_connections", defaults.maxConnections(), 1, 10_000);
        int headerBytes = health.integer("max_header_bytes", defaults.maxHeaderBytes(), 256, 1024 * 1024);
        int readSeconds = health.integer("read_timeout_seconds", (int) defaults.readTimeout().toSeconds(), 1, 3_600);
        int checkInterval = health.integer("check_interval_seconds",
                (int) HealthSpec.DEFAULT_CHECK_INTERVAL.toSeconds(), 1, 3_600);
        ReadinessMode readiness = health.choice("readiness", "readiness mode", ReadinessMode.wireNames(),
                ReadinessMode::fromWireName, Optional.empty()).orElse(ReadinessMode.BINDINGS);
        health.finish();
        if (metrics && !tokenKey) {
            context.problems().error(metricsKey.orElseThrow(), health.label("auth_metrics")
                    + " asks for a token on /metrics, but the health section has no auth_token", List.of(),
                    "add auth_token: { secret_ref: \"env:ONEX_HEALTH_AUTH_TOKEN\" } or drop auth_metrics");
        }
        return new HealthSpec(enabled, host, port, ingress,
                stall.isPresent() ? Optional.of(Duration.ofSeconds(stall.getAsInt())) : Optional.empty(),
                token.map(ref -> new HealthSpec.Auth(ref, metrics)),
                new HealthSpec.Limits(connections, headerBytes, Duration.ofSeconds(readSeconds)),
                Duration.ofSeconds(checkInterval), readiness);
    }
}
