package io.onex.contract;

import static io.onex.contract.SchemaParts.map;

import io.onex.host.api.ConfigSchema;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of the contract schemas that come from the registered handler factories: the
 * schema of each type's binding {@code config} (from its {@link ConfigSchema}), the handler
 * types and the operations.
 */
final class HandlerSchemas {

    private final List<HandlerFactory> factories;

    HandlerSchemas(List<HandlerFactory> factories) {
        this.factories = List.copyOf(factories);
    }

    /** Returns the handler types, in registration order. */
    List<String> types() {
        return factories.stream().map(HandlerFactory::type).toList();
    }

    /** Returns the types of the handlers that are for development and tests only. */
    List<String> devOnlyTypes() {
        return factories.stream().filter(HandlerFactory::devOnly).map(HandlerFactory::type).toList();
    }

    /** Returns every operation of every handler type, in registration and documentation order. */
    List<String> operations() {
        return factories.stream().flatMap(f -> f.operations().stream()).map(HandlerDescription.Operation::name)
                .distinct().toList();
    }

    /** Returns "http (summary); db (summary)": the types for a description. */
    String typeList() {
        return String.join("; ", factories.stream().map(f -> f.type() + " (" + f.summary() + ")").toList());
    }

    /** Returns the name of the definition holding the config schema of {@code type}. */
    static String configDefinition(String type) {
        return "config." + type;
    }

    /** Returns one definition per handler type: the schema of its bindings' {@code config}. */
    Map<String, Object> configDefinitions() {
        Map<String, Object> defs = new LinkedHashMap<>();
        for (HandlerFactory factory : factories) {
            defs.put(configDefinition(factory.type()), config(factory));
        }
        return defs;
    }

    /**
     * Returns the conditions that check a binding's {@code config} by its {@code type}: the keys
     * of the type's schema, and its required keys unless a {@code config_ref} file may give them.
     */
    List<Object> bindingConditions() {
        List<Object> conditions = new ArrayList<>();
        for (HandlerFactory factory : factories) {
            List<String> required = factory.configSchema().keys().stream().filter(ConfigSchema.Key::required)
                    .map(ConfigSchema.Key::name).toList();
            Map<String, Object> then = map("properties", map("config", SchemaParts.nullable(SchemaParts.ref(
                    configDefinition(factory.type())))));
            if (!required.isEmpty()) {
                then.put("anyOf", List.of(map("required", List.of("config_ref")), map("required", List.of("config"),
                        "properties", map("config", map("type", "object", "required", required)))));
            }
            conditions.add(SchemaParts.when("type", factory.type(), then));
        }
        return conditions;
    }

    private static Map<String, Object> config(HandlerFactory factory) {
        return settings(factory.configSchema(), "The config of a " + factory.type() + " binding: "
                + factory.summary());
    }

    /**
     * Returns the JSON Schema of a settings mapping read against {@code schema}: its keys only,
     * each of its kind; the required keys are left to the caller (a binding's may come from its
     * {@code config_ref} file).
     */
    static Map<String, Object> settings(ConfigSchema schema, String description) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (ConfigSchema.Key key : schema.keys()) {
            // An empty value is an absent key: fine for an optional key, missing for a required one.
            properties.put(key.name(), key.required() ? key(key) : SchemaParts.nullable(key(key)));
        }
        return map("description", description, "type", "object", "properties", properties,
                "additionalProperties", false);
    }

    private static Map<String, Object> key(ConfigSchema.Key key) {
        Object fallback = key.fallback().orElse(null);
        String description = describe(key);
        return switch (key.kind()) {
            case TEXT -> SchemaParts.textOrSecret(description, fallback);
            case BOOLEAN -> SchemaParts.bool(description, (Boolean) fallback);
            case INTEGER -> SchemaParts.integer(description, key.min(), key.max(), fallback);
            case CHOICE -> SchemaParts.choice(description, key.choices(), (String) fallback);
            case SECRET -> SchemaParts.secret(description);
            case TEXT_MAP -> SchemaParts.textMap(description);
            case SCALAR_MAP -> SchemaParts.scalarMap(description, fallback);
        };
    }

    /** Capitalizes a description that starts with a plain word, not with a name such as r2dbc:... */
    private static String sentence(String text) {
        int space = text.indexOf(' ');
        String first = space < 0 ? text : text.substring(0, space);
        return first.matches("[a-z]+[,;]?") ? Character.toUpperCase(text.charAt(0)) + text.substring(1) : text;
    }

    private static String describe(ConfigSchema.Key key) {
        String kind = switch (key.kind()) {
            case TEXT -> "Text, or a secret reference.";
            case BOOLEAN -> "true or false.";
            case INTEGER -> "A whole number " + Values.range(key.min(), key.max()) + ".";
            case CHOICE -> "One of " + String.join(", ", key.choices()) + ".";
            case SECRET -> "A secret reference, never the secret itself.";
            case TEXT_MAP -> "A mapping of names to text or secret references.";
            case SCALAR_MAP -> "A mapping of names to text, numbers, booleans or secret references.";
        };
        String own = sentence(key.description().strip());
        String text = own.isEmpty() ? kind : own + (own.endsWith(".") ? " " : ". ") + kind;
        return (key.required() ? "Required. " : "") + text;
    }
}
