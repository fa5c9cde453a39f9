package io.onex.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The building blocks of the JSON Schema documents of contracts: one value schema per kind of
 * value the readers take, each accepting exactly what the matching reader accepts. Every schema is
 * a {@link LinkedHashMap}, so the printed document keeps a stable, readable key order.
 *
 * <p>How the readers treat values, and so what the schemas accept:
 * <ul>
 *   <li>Text is a string, or a number kept as written ({@code version: 1.10} is the text "1.10").</li>
 *   <li>A whole number, a number, a boolean or a choice may also be a string holding a
 *       {@code ${VAR}} placeholder: it is resolved at load time and its value checked then, so
 *       the schema accepts any such string there ({@code #/$defs/placeholder}).</li>
 *   <li>A secret is only ever a reference, {@code { secret_ref: "..." }}, which is never
 *       interpolated; a text of a handler's or the bus's settings may be one too.</li>
 * </ul>
 */
public final class SchemaParts {

    /** The JSON Schema dialect of every document. */
    static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    static final String PLACEHOLDER = "placeholder";
    static final String SECRET_REF = "secret_ref";
    static final String SECRET_REF_OUTSIDE_VAULT = "secret_ref_outside_vault";

    private static final String ENV_REFERENCE = "env:[A-Za-z_][A-Za-z0-9_]*";
    private static final String FILE_REFERENCE = "file:/.+";

    private SchemaParts() {
    }

    /**
     * Returns a mapping of the given keys and values in order, leaving out null values: for
     * schemas, and for any JSON the host prints in a stable order ({@code describe}).
     */
    public static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }

    /**
     * Returns {@code value} also accepting null: an empty value, which the readers take as an
     * absent key (its default applies).
     */
    static Map<String, Object> nullable(Map<String, Object> value) {
        Map<String, Object> result = new LinkedHashMap<>(value);
        Object type = value.get("type");
        if (value.get("anyOf") instanceof List<?> anyOf) {
            List<Object> options = new ArrayList<>(anyOf);
            options.add(map("type", "null"));
            result.put("anyOf", options);
        } else if (type instanceof String single) {
            result.put("type", List.of(single, "null"));
        } else if (type instanceof List<?> several) {
            List<Object> types = new ArrayList<>(several);
            types.add("null");
            result.put("type", types);
        } else if (value.get("$ref") instanceof String reference) {
            result.remove("$ref");
            Object fallback = result.remove("default");
            result.put("anyOf", List.of(map("$ref", reference), map("type", "null")));
            if (fallback != null) {
                result.put("default", fallback);
            }
        }
        return result;
    }

    /** Returns {@code {"$ref": "#/$defs/NAME"}}. */
    static Map<String, Object> ref(String definition) {
        return map("$ref", "#/$defs/" + definition);
    }

    /** Returns the definitions every document shares: the placeholder and the secret references. */
    static Map<String, Object> sharedDefinitions() {
        Map<String, Object> defs = new LinkedHashMap<>();
        defs.put(PLACEHOLDER, map("description", "A ${VAR} placeholder, resolved from the environment when the"
                + " contract is loaded; the resolved value must be valid where the placeholder stands"
                + " ($${ is a literal ${).", "type", "string", "pattern", "\\$\\{"));
        defs.put(SECRET_REF, reference("A secret reference: env:NAME, file:/absolute/path or <vault path>#<key>;"
                + " never interpolated.", "^(?:" + ENV_REFERENCE + "|" + FILE_REFERENCE + "|(?!env:|file:)[^#]+#.+)$"));
        defs.put(SECRET_REF_OUTSIDE_VAULT, reference("A secret reference that does not need Vault to resolve:"
                + " env:NAME or file:/absolute/path.", "^(?:" + ENV_REFERENCE + "|" + FILE_REFERENCE + ")$"));
        return defs;
    }

    private static Map<String, Object> reference(String description, String pattern) {
        return map("description", description, "type", "object",
                "properties", map(SECRET_REF, map("type", "string", "pattern", pattern)),
                "required", List.of(SECRET_REF), "additionalProperties", false);
    }

    /** Text: a string, or a number kept as written. */
    static Map<String, Object> text(String description, String fallback) {
        return map("description", description, "type", List.of("string", "number"), "default", fallback);
    }

    /** Text of a handler's or the bus's settings: text, or a secret reference. */
    static Map<String, Object> textOrSecret(String description, Object fallback) {
        return map("description", description, "anyOf", List.of(map("type", List.of("string", "number")),
                ref(SECRET_REF)), "default", fallback);
    }

    /** Text that must match {@code pattern} once any placeholder is resolved. */
    static Map<String, Object> matching(String description, Pattern pattern) {
        return map("description", description, "anyOf", List.of(map("type", "string", "pattern",
                "^" + pattern.pattern() + "$"), ref(PLACEHOLDER)));
    }

    /** A whole number from {@code min} to {@code max}. */
    static Map<String, Object> integer(String description, long min, long max, Object fallback) {
        return map("description", description, "anyOf", List.of(map("type", "integer", "minimum", min,
                "maximum", max), ref(PLACEHOLDER)), "default", fallback);
    }

    /** A number of at least (or, if {@code minExclusive}, above) {@code min}, at most {@code max} if given. */
    static Map<String, Object> number(String description, double min, boolean minExclusive, Optional<Double> max,
            Double fallback) {
        return map("description", description, "anyOf", List.of(map("type", "number",
                minExclusive ? "exclusiveMinimum" : "minimum", plain(min), "maximum", max.map(SchemaParts::plain)
                        .orElse(null)), ref(PLACEHOLDER)), "default", fallback == null ? null : plain(fallback));
    }

    /** {@code true} or {@code false}. */
    static Map<String, Object> bool(String description, Boolean fallback) {
        return map("description", description, "anyOf", List.of(map("type", "boolean"), ref(PLACEHOLDER)),
                "default", fallback);
    }

    /** One of a closed set of names. */
    static Map<String, Object> choice(String description, List<String> choices, String fallback) {
        return map("description", description, "anyOf", List.of(map("enum", choices), ref(PLACEHOLDER)),
                "default", fallback);
    }

    /** A secret: only a reference. */
    static Map<String, Object> secret(String description) {
        return map("description", description, "$ref", "#/$defs/" + SECRET_REF);
    }

    /** A flat mapping of names to text or (always, for names like a secret) secret references. */
    static Map<String, Object> textMap(String description) {
        return flatMap(description, map("anyOf", List.of(map("type", List.of("string", "number")), ref(SECRET_REF))),
                null);
    }

    /** A flat mapping of names to scalars or (always, for names like a secret) secret references. */
    static Map<String, Object> scalarMap(String description, Object fallback) {
        return flatMap(description, map("anyOf", List.of(map("type", List.of("string", "number", "boolean")),
                ref(SECRET_REF))), fallback);
    }

    private static Map<String, Object> flatMap(String description, Map<String, Object> values, Object fallback) {
        return map("description", description + " Entries named like a secret (" + String.join(", ",
                SecretRule.SECRET_WORDS) + "; or " + String.join(", ", SecretRule.SECRET_NAMES)
                + ") hold a secret reference.", "type", "object", "patternProperties",
                map(secretKeyPattern(), ref(SECRET_REF)), "additionalProperties", values, "default", fallback);
    }

    /**
     * Returns the ECMA-262 pattern of the names {@link SecretRule#isSecretKey} takes for secrets:
     * the last {@code _ - .} separated segment is a secret word, or the whole name is one of
     * {@link SecretRule#SECRET_NAMES}, in any case.
     */
    static String secretKeyPattern() {
        List<String> words = new ArrayList<>();
        for (String word : SecretRule.SECRET_WORDS) {
            words.add(anyCase(word));
        }
        List<String> names = new ArrayList<>();
        for (String name : SecretRule.SECRET_NAMES) {
            names.add(anyCase(name));
        }
        return "^(?:(?:.*[_.-])?(?:" + String.join("|", words) + ")[_.-]*|" + String.join("|", names) + ")$";
    }

    /** Returns a pattern matching {@code text} in any case, with its dots literal. */
    private static String anyCase(String text) {
        StringBuilder anyCase = new StringBuilder();
        for (char c : text.toCharArray()) {
            anyCase.append(c == '.' ? "\\." : "[" + Character.toLowerCase(c) + Character.toUpperCase(c) + "]");
        }
        return anyCase.toString();
    }

    /** A list of {@code items}, with at least {@code minItems} when given. */
    static Map<String, Object> list(String description, Map<String, Object> items, Integer minItems) {
        return map("description", description, "type", "array", "items", items, "minItems", minItems);
    }

    /** A list of text items that are not blank. */
    static Map<String, Object> texts(String description) {
        return list(description, map("type", List.of("string", "number"), "pattern", "\\S"), null);
    }

    /** Returns {@code {"if": {KEY is VALUE}, "then": then}}. */
    static Map<String, Object> when(String key, String value, Map<String, Object> then) {
        return map("if", map("properties", map(key, map("const", value)), "required", List.of(key)), "then", then);
    }

    /** Returns a whole number as a JSON integer, so that 1.0 is written 1. */
    static Object plain(double number) {
        return number == Math.rint(number) && Math.abs(number) < 1e15 ? (Object) (long) number : (Object) number;
    }
}
