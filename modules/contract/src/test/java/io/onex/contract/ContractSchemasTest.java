package io.onex.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.contract.TopicRule.Role;
import io.onex.host.api.ConfigSchema;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.core.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContractSchemasTest {

    /** A handler type with a key of every kind; never built. */
    static final HandlerFactory STORE = new TestFactory("store", false, List.of("store.get", "store.put"),
            ConfigSchema.builder()
                    .requiredText("url", text -> Optional.empty()).doc("where the store is")
                    .secret("password")
                    .bool("verbose", false)
                    .integer("pool_size", 5, 1, 50).doc("connections")
                    .choice("mode", "fast", List.of("fast", "safe"))
                    .textMap("headers")
                    .scalarMap("properties", Map.of())
                    .text("label", "main")
                    .build());
    /** A handler type for development only, with no config. */
    static final HandlerFactory TOY = new TestFactory("toy", true, List.of("toy.echo"), ConfigSchema.empty());

    private static final List<HandlerFactory> FACTORIES = List.of(STORE, TOY);

    @Test
    void bothDocumentsAreDraft202012WithTheirOwnId() {
        for (String kind : ContractSchemas.KINDS) {
            Map<String, Object> document = document(kind);
            assertThat(document).containsEntry("$schema", "https://json-schema.org/draft/2020-12/schema")
                    .containsEntry("$id", kind + ".schema.json").containsEntry("additionalProperties", false);
        }
    }

    @Test
    void anUnknownKindHasNoDocument() {
        assertThat(ContractSchemas.json("nodes", FACTORIES)).isEmpty();
    }

    @Test
    void theJsonIsPrettyStableAndEndsWithANewline() {
        String json = ContractSchemas.json(ContractSchemas.RUNTIME, FACTORIES).orElseThrow();
        assertThat(json).endsWith("}\n").contains("\n  \"$schema\" : ");
        assertThat(ContractSchemas.json(ContractSchemas.RUNTIME, FACTORIES)).contains(json);
        assertSameJson(document(ContractSchemas.RUNTIME), json);
    }

    @Test
    void everyKeyTheRuntimeReadersAllowIsDescribedInTheirOrder() {
        Map<String, Object> runtime = at(document(ContractSchemas.RUNTIME), "properties", "runtime");
        assertThat(properties(runtime)).containsExactlyElementsOf(RuntimeContractReader.RUNTIME_KEYS);
        assertThat(properties(at(runtime, "properties", "health"))).containsExactlyElementsOf(HealthReader.KEYS);
        assertThat(properties(at(runtime, "properties", "secrets"))).containsExactlyElementsOf(
                SecretsReader.SECRETS_KEYS);
        assertThat(properties(at(runtime, "properties", "event_bus"))).containsExactlyElementsOf(
                EventBusReader.BUS_KEYS);
        Map<String, Object> binding = at(document(ContractSchemas.RUNTIME), "$defs", "handler_binding");
        assertThat(properties(binding)).containsExactlyElementsOf(BindingsReader.BINDING_KEYS);
        assertThat(properties(at(binding, "properties", "retry_policy"))).containsExactlyElementsOf(
                PolicyReader.RETRY_KEYS);
        assertThat(properties(at(document(ContractSchemas.RUNTIME), "$defs", "event_bus.config.kafka")))
                .containsExactlyElementsOf(EventBusReader.KAFKA_CONFIG_KEYS);
    }

    @Test
    void aKeyTheReaderDoesNotAllowIsADefectOfTheGenerator() {
        SchemaObject object = SchemaObject.of("runtime.shutdown", RuntimeContractReader.SHUTDOWN_KEYS);
        assertThatThrownBy(() -> object.key("grace", Map.of())).hasMessageContaining("grace");
        assertThatThrownBy(() -> object.build("x")).hasMessageContaining("grace_seconds");
    }

    @Test
    void aBindingsTypeIsOneOfTheRegisteredTypesAndSelectsItsConfigSchema() {
        Map<String, Object> binding = at(document(ContractSchemas.RUNTIME), "$defs", "handler_binding");
        assertSameJson(at(binding, "properties", "type").get("anyOf"),
                "[{\"enum\": [\"store\", \"toy\"]}, {\"$ref\": \"#/$defs/placeholder\"}]");
        assertThat(binding.get("allOf")).asList().hasSize(2);
        assertSameJson(((List<?>) binding.get("allOf")).getFirst(), """
                {"if": {"properties": {"type": {"const": "store"}}, "required": ["type"]},
                 "then": {"properties": {"config": {"anyOf": [{"$ref": "#/$defs/config.store"}, {"type": "null"}]}},
                          "anyOf": [{"required": ["config_ref"]},
                                    {"required": ["config"],
                                     "properties": {"config": {"type": "object", "required": ["url"]}}}]}}
                """);
    }

    @Test
    void eachKindOfConfigKeyHasItsSchema() {
        Map<String, Object> config = at(document(ContractSchemas.RUNTIME), "$defs", "config.store");
        assertThat(config).containsEntry("additionalProperties", false);
        assertThat(properties(config)).containsExactly("url", "password", "verbose", "pool_size", "mode", "headers",
                "properties", "label");
        assertThat(at(config, "properties", "url")).containsEntry("description",
                "Required. Where the store is. Text, or a secret reference.");
        assertSameJson(at(config, "properties", "url").get("anyOf"),
                "[{\"type\": [\"string\", \"number\"]}, {\"$ref\": \"#/$defs/secret_ref\"}]");
        assertSameJson(at(config, "properties", "password").get("anyOf"),
                "[{\"$ref\": \"#/$defs/secret_ref\"}, {\"type\": \"null\"}]");
        assertThat(at(config, "properties", "pool_size")).containsEntry("default", 5);
        assertSameJson(at(config, "properties", "pool_size").get("anyOf"), "[{\"type\": \"integer\", \"minimum\": 1,"
                + " \"maximum\": 50}, {\"$ref\": \"#/$defs/placeholder\"}, {\"type\": \"null\"}]");
        assertThat(at(config, "properties", "mode")).containsEntry("default", "fast");
        assertThat(at(config, "properties", "label")).containsEntry("default", "main");
        assertThat(at(config, "properties", "headers")).containsKey("patternProperties");
    }

    @Test
    void anOptionalKeyMayBeEmptyAsTheReadersTakeThatForAbsentButARequiredOneMayNot() {
        Map<String, Object> runtime = at(document(ContractSchemas.RUNTIME), "properties", "runtime");
        assertThat(at(runtime, "properties", "health")).containsEntry("type", List.of("object", "null"));
        assertThat(at(runtime, "properties", "nodes")).containsEntry("type", List.of("array", "null"));
        assertThat(at(runtime, "properties", "version")).containsEntry("type", List.of("string", "number"));
        assertThat(at(runtime, "properties", "secrets", "properties", "sources")).containsEntry("type", "array");
    }

    @Test
    void aProdContractRefusesDevOnlyTypes() {
        Map<String, Object> runtime = at(document(ContractSchemas.RUNTIME), "properties", "runtime");
        assertThat(at(runtime, "then", "properties", "handlers", "items", "properties", "type"))
                .isEqualTo(Map.of("not", Map.of("enum", List.of("toy"))));
    }

    @Test
    void aNodeMayListTheOperationsOfEveryRegisteredType() {
        Map<String, Object> node = document(ContractSchemas.NODE);
        assertThat(properties(node)).containsExactlyElementsOf(NodeContractReader.NODE_KEYS);
        assertThat(at(node, "properties", "io_operations", "items", "properties", "operations", "items"))
                .containsEntry("enum", List.of("store.get", "store.put", "toy.echo"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "db_password", "API-KEY", "x.token", "Secret_", "keys", "monkey", "passwords",
            "token_ttl", "_", "credential", "ssl.truststore.password"})
    void theSecretKeyPatternTakesTheNamesTheSecretRuleTakes(String key) {
        assertThat(Pattern.compile(SchemaParts.secretKeyPattern()).matcher(key).matches())
                .isEqualTo(SecretRule.isSecretKey(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"onex.acme.orders.cmd.v1", "onex.a-b.c_d.cmd.v12", "onex.debug.orders.cmd.v1",
            "onex.acme.orders.evt.v1", "onex.acme.orders.cmd.v01", "onex.acme..cmd.v1", "acme.orders.cmd.v1",
            "onex.acme.orders.cmd.v1.x", "onex.Acme.orders.cmd.v1", "onex.internalx.orders.cmd.v1"})
    void theTopicPatternTakesTheTopicsTheTopicRuleTakes(String topic) {
        assertThat(Pattern.compile(RuntimeSchema.topicPattern(Role.INPUT)).matcher(topic).matches())
                .isEqualTo(TopicRule.check(topic, Role.INPUT).isEmpty());
    }

    /** Compares as JSON text, so that 1 written from an int and from a long are the same. */
    private static void assertSameJson(Object actual, String expected) {
        assertThat(Json.write(Json.read(Json.write(actual)))).isEqualTo(Json.write(Json.read(expected)));
    }

    private static Map<String, Object> document(String kind) {
        return ContractSchemas.document(kind, FACTORIES).orElseThrow();
    }

    private static List<String> properties(Map<String, Object> object) {
        return List.copyOf(at(object, "properties").keySet());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> object, String... path) {
        Map<String, Object> current = object;
        for (String key : path) {
            assertThat(current).containsKey(key);
            current = (Map<String, Object>) current.get(key);
        }
        return current;
    }

    /** A handler factory that only describes itself. */
    record TestFactory(String type, boolean devOnly, List<String> operationNames, ConfigSchema configSchema)
            implements HandlerFactory {
        @Override
        public int spiVersion() {
            return HandlerFactory.SPI_VERSION;
        }

        @Override
        public String version() {
            return "1.0.0";
        }

        @Override
        public String summary() {
            return "a " + type + " for tests";
        }

        @Override
        public List<HandlerDescription.Operation> operations() {
            return operationNames.stream().map(name -> new HandlerDescription.Operation(name, List.of(), List.of(),
                    List.of())).toList();
        }

        @Override
        public Handler create(HandlerBinding binding, Secrets secrets) {
            throw new UnsupportedOperationException("a test factory describes itself only");
        }
    }
}
