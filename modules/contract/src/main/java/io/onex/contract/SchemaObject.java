package io.onex.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the JSON Schema of one contract mapping from the list of keys its reader allows, so the
 * schema and the reader cannot drift: {@link #build} fails when a key of the list has no schema or
 * a schema names a key the list does not have. Unknown keys are errors, as in the loader
 * ({@code additionalProperties: false}); an optional key may have an empty value, which the
 * reader takes as absent.
 */
final class SchemaObject {

    private final String where;
    private final List<String> allowed;
    private final Map<String, Map<String, Object>> properties = new LinkedHashMap<>();
    private final List<String> required = new ArrayList<>();
    private final List<String> valued = new ArrayList<>();
    private final Map<String, Object> extra = new LinkedHashMap<>();

    private SchemaObject(String where, List<String> allowed) {
        this.where = where;
        this.allowed = List.copyOf(allowed);
    }

    /**
     * Starts the schema of a mapping.
     *
     * @param where   the mapping's path, for the message of a defect, e.g. {@code runtime.health}
     * @param allowed the keys its reader allows, in the reader's order
     */
    static SchemaObject of(String where, List<String> allowed) {
        return new SchemaObject(where, allowed);
    }

    /** Gives {@code key} the schema {@code value}. */
    SchemaObject key(String key, Map<String, Object> value) {
        if (!allowed.contains(key)) {
            throw new IllegalStateException(where + " has no key '" + key + "' (its reader allows " + allowed + ")");
        }
        properties.put(key, Objects.requireNonNull(value, key));
        return this;
    }

    /**
     * Gives the optional {@code key} the schema {@code value} with no empty value allowed: for a
     * key whose reader takes an empty value as an error, not as absent.
     */
    SchemaObject valuedKey(String key, Map<String, Object> value) {
        valued.add(key);
        return key(key, value);
    }

    /** Gives {@code key} the schema {@code value} and marks it required (an empty value is missing). */
    SchemaObject requiredKey(String key, Map<String, Object> value) {
        required.add(key);
        return key(key, value);
    }

    /** Adds a keyword beside the properties, e.g. {@code allOf} with conditions. */
    SchemaObject with(String keyword, Object value) {
        extra.put(keyword, value);
        return this;
    }

    /** Returns the schema, with the keys in the reader's order. */
    Map<String, Object> build(String description) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String key : allowed) {
            Map<String, Object> value = properties.get(key);
            if (value == null) {
                throw new IllegalStateException("no JSON Schema for the key '" + key + "' of " + where);
            }
            // Fields#take reads an empty value as an absent key.
            ordered.put(key, required.contains(key) || valued.contains(key) ? value : SchemaParts.nullable(value));
        }
        Map<String, Object> schema = SchemaParts.map("description", description, "type", "object",
                "properties", ordered, "required", required.isEmpty() ? null : List.copyOf(required),
                "additionalProperties", false);
        schema.putAll(extra);
        return schema;
    }
}
