package io.onex.contract;

import static io.onex.contract.SchemaParts.bool;
import static io.onex.contract.SchemaParts.choice;
import static io.onex.contract.SchemaParts.integer;
import static io.onex.contract.SchemaParts.map;
import static io.onex.contract.SchemaParts.number;
import static io.onex.contract.SchemaParts.ref;
import static io.onex.contract.SchemaParts.text;
import static io.onex.contract.SchemaParts.textOrSecret;
import static io.onex.contract.SchemaParts.when;

import io.onex.contract.TopicRule.Role;
import io.onex.host.api.contract.BackoffStrategy;
import io.onex.host.api.contract.BusKind;
import io.onex.host.api.contract.Environment;
import io.onex.host.api.contract.HealthSpec;
import io.onex.host.api.contract.HostedNode;
import io.onex.host.api.contract.LoggingSpec;
import io.onex.host.api.contract.ReadinessMode;
import io.onex.host.api.contract.SecretsSpec;
import io.onex.host.api.contract.TracingSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON Schema of runtime host contracts, section by section as {@link RuntimeContractReader}
 * and the readers it calls take them, with each handler binding's {@code config} checked by its
 * type's schema.
 */
final class RuntimeSchema {

    private static final long MAX = Integer.MAX_VALUE;
    private static final String BINDING = "handler_binding";
    private static final String KAFKA_CONFIG = "event_bus.config.kafka";
    private static final String INMEMORY_CONFIG = "event_bus.config.inmemory";

    private final HandlerSchemas handlers;

    RuntimeSchema(HandlerSchemas handlers) {
        this.handlers = handlers;
    }

    /** Returns the document's top-level mapping and its definitions. */
    Map<String, Object> document(Map<String, Object> head) {
        Map<String, Object> document = new LinkedHashMap<>(head);
        document.putAll(SchemaObject.of("the top level", RuntimeContractReader.TOP_KEYS)
                .requiredKey("schema_version", schemaVersion())
                .requiredKey("runtime", runtime())
                .build(null));
        Map<String, Object> defs = SchemaParts.sharedDefinitions();
        defs.put(BINDING, binding());
        defs.put(KAFKA_CONFIG, busConfig(BusKind.KAFKA));
        defs.put(INMEMORY_CONFIG, busConfig(BusKind.INMEMORY));
        defs.putAll(handlers.configDefinitions());
        document.put("$defs", defs);
        return document;
    }

    static Map<String, Object> schemaVersion() {
        return map("description", "The contract schema version; this host reads exactly " + SchemaVersion.SUPPORTED
                + ".", "const", SchemaVersion.SUPPORTED);
    }

    private Map<String, Object> runtime() {
        List<String> devOnly = handlers.devOnlyTypes();
        SchemaObject runtime = SchemaObject.of("runtime", RuntimeContractReader.RUNTIME_KEYS)
                .requiredKey("name", SchemaParts.matching("The host's name, e.g. orders_host.",
                        RuntimeContractReader.NAME))
                .requiredKey("version", text("The host's version, e.g. \"1.0.0\".", null))
                .requiredKey("environment", choice("Where the host runs; prod refuses handlers for development and"
                        + " tests only" + (devOnly.isEmpty() ? "" : " (" + String.join(", ", devOnly) + ")") + ".",
                        Environment.wireNames(), null))
                .key("event_bus", eventBus())
                .key("handlers", SchemaParts.list("The handler bindings: each gives a handler type a name, its"
                        + " resilience policies and its config. An empty list is allowed (with a warning).",
                        ref(BINDING), null))
                .key("nodes", SchemaParts.list("The hosted nodes, each a node contract file.", hostedNode(), null))
                .key("nodes_dir", text("A folder (relative to this file) whose every *.yaml node contract is hosted"
                        + " under its name; names starting with _ are skipped.", null))
                .key("health", health())
                .key("shutdown", SchemaObject.of("runtime.shutdown", RuntimeContractReader.SHUTDOWN_KEYS)
                        .key("grace_seconds", integer("How long a stopping host drains the work in flight.", 0, 3_600,
                                20))
                        .build("How the host stops."))
                .key("secrets", secrets())
                .key("logging", SchemaObject.of("runtime.logging", RuntimeContractReader.LOGGING_KEYS)
                        .key("failed_envelopes_per_second", number("How many failed envelopes per second are"
                                + " logged in full.", 0, false, Optional.of(1_000_000d),
                                LoggingSpec.DEFAULT_FAILED_ENVELOPES_PER_SECOND))
                        .key("failed_envelopes_burst", integer("How many failed envelopes may be logged in a burst.",
                                1, 1_000_000, LoggingSpec.DEFAULT_FAILED_ENVELOPES_BURST))
                        .build("How much the host logs about failed envelopes."))
                .key("tracing", tracing());
        if (!devOnly.isEmpty()) {
            runtime.with("if", map("properties", map("environment", map("const", Environment.PROD.wireName())),
                    "required", List.of("environment")));
            runtime.with("then", map("properties", map("handlers", map("items", map("properties", map("type",
                    map("not", map("enum", devOnly)))))), "$comment", "a prod contract refuses handlers for"
                    + " development and tests only"));
        }
        return runtime.build("The runtime host: its identity, event bus, handler bindings, nodes and services.");
    }

    private Map<String, Object> eventBus() {
        List<Object> conditions = new ArrayList<>();
        for (BusKind kind : BusKind.values()) {
            Map<String, Object> config = ref(busConfigDefinition(kind));
            Map<String, Object> then = map("properties", map("config", kind == BusKind.KAFKA ? config
                    : SchemaParts.nullable(config)));
            if (kind == BusKind.KAFKA) {
                then.put("required", List.of("config"));
            }
            conditions.add(when("kind", kind.wireName(), then));
        }
        return SchemaObject.of("runtime.event_bus", EventBusReader.BUS_KEYS)
                .requiredKey("kind", choice("The event bus: inmemory (one process) or kafka.", BusKind.wireNames(),
                        null))
                .key("config", map("description", "The bus's settings; their keys depend on the kind.",
                        "type", "object"))
                .key("backpressure", SchemaObject.of("runtime.event_bus.backpressure", EventBusReader.BACKPRESSURE_KEYS)
                        .key("max_inflight_envelopes", integer("How many envelopes may be in flight at once.", 1, MAX,
                                EventBusReader.DEFAULT_MAX_INFLIGHT))
                        .key("pause_threshold", integer("In flight at which intake pauses; at most"
                                + " max_inflight_envelopes (default: 80% of it).", 1, MAX,
                                EventBusReader.defaultPause(EventBusReader.DEFAULT_MAX_INFLIGHT)))
                        .build("How much work the host takes in before it pauses intake."))
                .with("allOf", conditions)
                .build("The event bus; without it, the in-memory bus with the default topics.");
    }

    private static String busConfigDefinition(BusKind kind) {
        return switch (kind) {
            case KAFKA -> KAFKA_CONFIG;
            case INMEMORY -> INMEMORY_CONFIG;
        };
    }

    private static Map<String, Object> busConfig(BusKind kind) {
        return switch (kind) {
            case KAFKA -> SchemaObject.of("runtime.event_bus.config (kafka)", EventBusReader.KAFKA_CONFIG_KEYS)
                    .requiredKey("bootstrap_servers", textOrSecret("The Kafka brokers, host:port[,host:port...].",
                            null))
                    .requiredKey("consumer_group", textOrSecret("The consumer group; hosts of one group share the"
                            + " input partitions.", null))
                    .requiredKey("topics", topics(true))
                    .key("client_properties", SchemaParts.scalarMap("Kafka client properties, passed to the"
                            + " producer and consumer.", Map.of()))
                    .build("The Kafka bus's settings.");
            // The in-memory bus takes only topics (EventBusReader names its one key inline).
            case INMEMORY -> SchemaObject.of("runtime.event_bus.config (inmemory)", List.of("topics"))
                    .key("topics", topics(false))
                    .build("The in-memory bus's settings.");
        };
    }

    private static Map<String, Object> topics(boolean required) {
        SchemaObject topics = SchemaObject.of("runtime.event_bus.config.topics", EventBusReader.TOPIC_KEYS);
        for (Role role : Role.values()) {
            String fallback = switch (role) {
                case INPUT -> EventBusReader.DEFAULT_TOPICS.input();
                case OUTPUT -> EventBusReader.DEFAULT_TOPICS.output();
                case DEAD_LETTER -> EventBusReader.DEFAULT_TOPICS.deadLetter();
            };
            Map<String, Object> topic = SchemaParts.map("description", "The " + role.key.replace('_', ' ')
                    + " topic: " + TopicRule.FORMAT + " with the signal " + role.signal + ", e.g. onex.acme.orders."
                    + role.signal + ".v1.", "anyOf", List.of(map("type", "string", "pattern", topicPattern(role)),
                    ref(SchemaParts.PLACEHOLDER)), "default", required ? null : fallback);
            if (required) {
                topics.requiredKey(role.key, topic);
            } else {
                topics.key(role.key, topic);
            }
        }
        return topics.build("The topics the host reads requests from and writes responses and failures to.");
    }

    /** Returns the pattern of {@link TopicRule} for a topic of {@code role}. */
    static String topicPattern(Role role) {
        String segment = TopicRule.SEGMENT.pattern();
        return "^onex\\.(?!(?:" + String.join("|", TopicRule.RESERVED_TENANTS) + ")\\.)" + segment + "\\." + segment
                + "\\." + role.signal + "\\." + TopicRule.VERSION.pattern() + "$";
    }

    private Map<String, Object> binding() {
        return SchemaObject.of("runtime.handlers[]", BindingsReader.BINDING_KEYS)
                .requiredKey("type", SchemaParts.choice("The handler type: " + handlers.typeList() + ".",
                        handlers.types(), null))
                .key("name", SchemaParts.matching("The binding's name, unique in the contract; defaults to its"
                        + " type. Node contracts name bindings by it.", BindingsReader.NAME))
                .key("enabled", bool("Whether the binding is built at all.", true))
                .key("required", bool("Whether /health/ready depends on this binding being healthy"
                        + " (in health.readiness: bindings, the default).", true))
                .key("timeout_ms", integer("The time limit of one operation.", 1, MAX, null))
                .key("retry_policy", SchemaObject.of("retry_policy", PolicyReader.RETRY_KEYS)
                        .key("max_retries", integer("Retries after the first attempt.", 0, 100, 3))
                        .key("backoff_strategy", choice("How the delay grows between retries.",
                                BackoffStrategy.wireNames(), "exponential"))
                        .key("base_delay_ms", integer("The first delay.", 1, MAX, 100))
                        .key("max_delay_ms", integer("The longest delay; at least base_delay_ms.", 1, MAX, 5_000))
                        .key("jitter", number("The random share of each delay.", 0, false, Optional.of(1d), 0.2))
                        .build("Retries of failed operations that a retry can help."))
                .key("rate_limit_per_second", number("The most operations per second.", 0, true, Optional.empty(),
                        null))
                .key("circuit_breaker", SchemaObject.of("circuit_breaker", PolicyReader.BREAKER_KEYS)
                        .key("failure_threshold", integer("Failures in the window that open the breaker.", 1, MAX, 5))
                        .key("window", integer("How many recent calls are counted; at least failure_threshold.", 1,
                                MAX, 10))
                        .key("reset_timeout_ms", integer("How long the breaker stays open.", 1, MAX, 5_000))
                        .key("success_threshold", integer("Successes in the half-open state that close it.", 1, MAX, 1))
                        .build("Stops calling a failing service for a while."))
                .key("bulkhead", SchemaObject.of("bulkhead", PolicyReader.BULKHEAD_KEYS)
                        .key("max_concurrent", integer("Operations running at once.", 1, MAX, 64))
                        .key("queue", integer("Operations waiting for a slot.", 0, MAX, 256))
                        .build("Limits the operations running at once."))
                .key("config_ref", text("A YAML file (relative to this file) with keys of config; keys written in"
                        + " config win.", null))
                .key("config", map("description", "The handler's settings; their keys depend on the type.",
                        "type", "object"))
                .with("allOf", handlers.bindingConditions())
                .build("A handler binding.");
    }

    private static Map<String, Object> hostedNode() {
        return SchemaObject.of("runtime.nodes[]", HostedNodesReader.ENTRY_KEYS)
                .requiredKey("contract", text("The node contract file, relative to this file.", null))
                .key("slug", SchemaParts.matching("The routing name envelopes target; defaults to the node"
                        + " contract's name.", NodeContractReader.NAME))
                .key("limits", SchemaObject.of("runtime.nodes[].limits", HostedNodesReader.LIMIT_KEYS)
                        .key("max_concurrent", integer("Envelopes the node handles at once.", 1, MAX, null))
                        .key("rate_per_second", number("Envelopes per second the node takes.", 0, true,
                                Optional.empty(), null))
                        .key("queue", integer("Envelopes waiting for the node.", 0, MAX,
                                HostedNode.Limits.DEFAULT_QUEUE))
                        .build("Limits of this node."))
                .build("A hosted node.");
    }

    private static Map<String, Object> tracing() {
        return SchemaObject.of("runtime.tracing", TracingReader.KEYS)
                .key("enabled", bool("Whether spans are recorded and exported.", true))
                .requiredKey("endpoint", SchemaParts.matching("The OTLP/HTTP traces URL spans are sent to, e.g. "
                        + TracingReader.EXAMPLE_ENDPOINT + ".", TracingReader.ENDPOINT))
                .key("protocol", choice("The OTLP protocol.", TracingReader.PROTOCOLS, TracingSpec.HTTP_PROTOBUF))
                .key("sample_ratio", number("The share of new traces recorded; a request's traceparent decides for"
                        + " the trace it continues.", 0, false, Optional.of(1d), TracingSpec.DEFAULT_SAMPLE_RATIO))
                .key("service_name", SchemaParts.matching("The service.name of the spans (default: the runtime's"
                        + " name).", TracingReader.SERVICE_NAME))
                .key("export_timeout_ms", integer("How long one export may take.", 100, 300_000,
                        TracingSpec.DEFAULT_EXPORT_TIMEOUT.toMillis()))
                .build("Spans of envelopes and handler calls, exported over OTLP; none are recorded when absent.");
    }

    private static Map<String, Object> health() {
        HealthSpec.Limits limits = HealthSpec.Limits.DEFAULTS;
        return SchemaObject.of("runtime.health", HealthReader.KEYS)
                .key("enabled", bool("Whether the health server runs.", false))
                .key("host", text("The address it listens on.", "127.0.0.1"))
                .key("port", integer("The port it listens on; 0 picks a free one.", 0, 65_535, 8080))
                .key("ingress", bool("Whether POST /v1/envelopes is served (default: on in dev only).", null))
                .key("liveness_stall_seconds", integer("How long the host may make no progress before"
                        + " /health/live fails.", 1, 86_400, null))
                .key("check_interval_seconds", integer("How often handlers are checked.", 1, 3_600,
                        HealthSpec.DEFAULT_CHECK_INTERVAL.toSeconds()))
                .key("auth_token", SchemaParts.secret("A bearer token the ingress and /health/handlers ask for."))
                .key("auth_metrics", bool("Whether /metrics asks for the token too; needs auth_token.", false))
                .key("max_connections", integer("Connections served at once.", 1, 10_000, limits.maxConnections()))
                .key("max_header_bytes", integer("The largest request head.", 256, 1024 * 1024,
                        limits.maxHeaderBytes()))
                .key("read_timeout_seconds", integer("How long a request may take to arrive.", 1, 3_600,
                        limits.readTimeout().toSeconds()))
                .key("readiness", choice("What /health/ready asks of the bindings: bindings (every required"
                        + " binding is up) or nodes (every node's own bindings are up).", ReadinessMode.wireNames(),
                        ReadinessMode.BINDINGS.wireName()))
                .with("if", map("properties", map("auth_metrics", map("const", true)), "required",
                        List.of("auth_metrics")))
                .with("then", map("required", List.of("auth_token")))
                .build("The health, metrics and ingress server; off when absent.");
    }

    private static Map<String, Object> secrets() {
        List<String> defaultOrder = SecretsSpec.DEFAULT_ORDER.stream().map(s -> s.name().toLowerCase(
                java.util.Locale.ROOT)).toList();
        return SchemaObject.of("runtime.secrets", SecretsReader.SECRETS_KEYS)
                // An empty sources is an error: "names no source".
                .valuedKey("sources", map("description", "Where path#key references are looked up, in order.", "type",
                        "array", "items", map("enum", SecretsReader.SOURCE_NAMES), "minItems", 1, "uniqueItems", true,
                        "default", defaultOrder))
                .key("cache_ttl_seconds", integer("How long a resolved secret is kept.", 0, 86_400,
                        SecretsSpec.DEFAULT_CACHE_TTL.toSeconds()))
                .key("files_dir", map("description", "The absolute folder of file secrets.", "anyOf",
                        List.of(map("type", "string", "pattern", "^/"), ref(SchemaParts.PLACEHOLDER)), "default",
                        SecretsSpec.DEFAULT_FILES_DIRECTORY.toString()))
                .key("vault", SchemaObject.of("runtime.secrets.vault", ConfigReader.keys(SecretsReader.VAULT))
                        .requiredKey("address", textOrSecret("Vault's address, http:// or https://.", null))
                        .requiredKey("token", map("description", "The Vault token: a reference that does not need"
                                + " Vault itself.", "$ref", "#/$defs/" + SchemaParts.SECRET_REF_OUTSIDE_VAULT))
                        .key("namespace", textOrSecret("The Vault namespace.", null))
                        .key("kv_mount", textOrSecret("The KV v2 mount.", "secret"))
                        .key("open_timeout_ms", integer("The connect time limit.", 1, MAX, 5_000))
                        .key("read_timeout_ms", integer("The read time limit.", 1, MAX, 5_000))
                        .build("The Vault that path#key references are read from; without it, the first enabled"
                                + " vault binding's."))
                .build("How secret references are resolved.");
    }
}
