package io.onex.wiring.core;

import static io.onex.contract.SchemaParts.map;

import io.onex.host.api.contract.EventBusSpec;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.HostedNode;
import io.onex.host.api.contract.NodeContract;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.api.contract.SecretRef;
import io.onex.host.api.contract.SecretsSpec;
import io.onex.host.core.HandlerRegistry;
import io.onex.host.core.json.Json;
import io.onex.wiring.core.internal.Wiring;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code describe} output: the wiring a contract would build, as JSON. Secret references
 * are shown as references; no secret value is ever resolved for it.
 */
final class Description {

    private Description() {
    }

    static String of(RuntimeContract contract, Wiring wiring) {
        HandlerRegistry handlers = wiring.handlers();
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> runtime = new LinkedHashMap<>();
        runtime.put("name", contract.name());
        runtime.put("version", contract.version());
        runtime.put("environment", contract.environment().wireName());
        runtime.put("schema_version", contract.schemaVersion());
        runtime.put("contract", contract.source().toString());
        root.put("runtime", runtime);
        root.put("event_bus", bus(contract.eventBus(), wiring));
        List<Object> bindings = new ArrayList<>();
        contract.handlers().forEach(binding -> bindings.add(binding(binding, handlers)));
        root.put("handlers", bindings);
        List<Object> nodes = new ArrayList<>();
        contract.nodes().forEach(node -> nodes.add(node(node)));
        root.put("nodes", nodes);
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("enabled", contract.health().enabled());
        health.put("host", contract.health().host());
        health.put("port", contract.health().port());
        contract.health().ingress().ifPresent(ingress -> health.put("ingress", ingress));
        // Where the token lives, never the token.
        contract.health().auth().ifPresent(auth -> {
            health.put("auth_token", Map.of("secret_ref", auth.token().reference()));
            health.put("auth_metrics", auth.metrics());
        });
        health.put("max_connections", contract.health().limits().maxConnections());
        health.put("max_header_bytes", contract.health().limits().maxHeaderBytes());
        health.put("read_timeout_seconds", contract.health().limits().readTimeout().toSeconds());
        health.put("readiness", contract.health().readiness().wireName());
        root.put("health", health);
        root.put("shutdown", Map.of("grace_seconds", contract.shutdown().grace().toSeconds()));
        root.put("secrets", secrets(contract.secrets()));
        return Json.writePretty(root);
    }

    private static Map<String, Object> bus(EventBusSpec spec, Wiring wiring) {
        Map<String, Object> bus = new LinkedHashMap<>();
        bus.put("kind", spec.kind().wireName());
        bus.put("available_in_this_build", wiring.busKinds().contains(spec.kind()));
        Map<String, Object> topics = new LinkedHashMap<>();
        topics.put("input", spec.topics().input());
        topics.put("output", spec.topics().output());
        topics.put("dead_letter", spec.topics().deadLetter());
        bus.put("topics", topics);
        bus.put("backpressure", map("max_inflight_envelopes", spec.backpressure().maxInflightEnvelopes(),
                "pause_threshold", spec.backpressure().pauseThreshold()));
        bus.put("config", redact(spec.config()));
        return bus;
    }

    private static Map<String, Object> binding(HandlerBinding binding, HandlerRegistry handlers) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", binding.name());
        out.put("type", binding.type().wireName());
        out.put("enabled", binding.enabled());
        out.put("required", binding.required());
        out.put("available_in_this_build", handlers.contains(binding.type()));
        // From the type's factory: a plugin's binding is described like a built-in one.
        out.put("operations", handlers.operations(binding.type()));
        binding.timeout().ifPresent(timeout -> out.put("timeout_ms", timeout.toMillis()));
        binding.retryPolicy().ifPresent(retry -> {
            Map<String, Object> policy = new LinkedHashMap<>();
            policy.put("max_retries", retry.maxRetries());
            policy.put("backoff_strategy", retry.backoffStrategy().wireName());
            policy.put("base_delay_ms", retry.baseDelay().toMillis());
            policy.put("max_delay_ms", retry.maxDelay().toMillis());
            policy.put("jitter", retry.jitter());
            out.put("retry_policy", policy);
        });
        binding.rateLimitPerSecond().ifPresent(rate -> out.put("rate_limit_per_second", rate));
        binding.circuitBreaker().ifPresent(breaker -> out.put("circuit_breaker", map(
                "failure_threshold", breaker.failureThreshold(), "window", breaker.window(),
                "reset_timeout_ms", breaker.resetTimeout().toMillis(),
                "success_threshold", breaker.successThreshold())));
        binding.bulkhead().ifPresent(bulkhead -> out.put("bulkhead", map(
                "max_concurrent", bulkhead.maxConcurrent(), "queue", bulkhead.queue())));
        out.put("config", redact(binding.config()));
        return out;
    }

    private static Map<String, Object> node(HostedNode hosted) {
        NodeContract contract = hosted.contract();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("slug", hosted.slug());
        out.put("name", contract.name());
        out.put("node_type", contract.nodeType().name());
        out.put("contract", contract.source().toString());
        out.put("description", contract.description());
        List<Object> io = new ArrayList<>();
        for (NodeContract.IoOperation operation : contract.ioOperations()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("binding", operation.handler());
            entry.put("operations", operation.operations());
            if (!operation.targets().isEmpty()) {
                entry.put("targets", operation.targets());
            }
            io.add(entry);
        }
        out.put("io_operations", io);
        out.put("required_inputs", contract.requiredInputs());
        Map<String, Object> limits = new LinkedHashMap<>();
        hosted.limits().maxConcurrent().ifPresent(max -> {
            limits.put("max_concurrent", max);
            limits.put("queue", hosted.limits().queue());
        });
        hosted.limits().ratePerSecond().ifPresent(rate -> limits.put("rate_per_second", rate));
        out.put("limits", limits);
        return out;
    }

    /** Describes where secret references are looked up; the Vault token shows as its reference. */
    private static Map<String, Object> secrets(SecretsSpec secrets) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sources", secrets.order().stream().map(source -> source.name().toLowerCase(Locale.ROOT)).toList());
        out.put("cache_ttl_seconds", secrets.cacheTtl().toSeconds());
        out.put("files_dir", secrets.filesDirectory().toString());
        secrets.vault().ifPresent(vault -> {
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("address", vault.address());
            source.put("token", Map.of("secret_ref", vault.token().reference()));
            source.put("kv_mount", vault.mount());
            vault.namespace().ifPresent(namespace -> source.put("namespace", namespace));
            source.put("from", vault.origin());
            out.put("vault", source);
        });
        return out;
    }

    /** Copies a config map, showing secret references as references and nothing else secret. */
    static Map<String, Object> redact(Map<String, Object> config) {
        Map<String, Object> out = new LinkedHashMap<>();
        config.forEach((key, value) -> out.put(key, redactValue(value)));
        return out;
    }

    private static Object redactValue(Object value) {
        if (value instanceof SecretRef ref) {
            return Map.of("secret_ref", ref.reference());
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((key, item) -> out.put(String.valueOf(key), redactValue(item)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Description::redactValue).toList();
        }
        return value;
    }
}
