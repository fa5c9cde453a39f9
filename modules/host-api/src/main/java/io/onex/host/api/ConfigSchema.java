package io.onex.host.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The schema of a settings mapping, such as a handler binding's {@code config}: which keys exist,
 * their kinds, defaults and checks, in documentation order.
 *
 * <p>The host reads contracts strictly against it (an unknown key is an error, with a "did you
 * mean"), fills in defaults, and generates the JSON Schema of contracts from it. The values a
 * handler then finds in its binding's config are, by kind: {@link Kind#TEXT} and {@link Kind#CHOICE}
 * a {@code String}, {@link Kind#BOOLEAN} a {@code Boolean}, {@link Kind#INTEGER} an {@code Integer},
 * {@link Kind#SECRET} a {@link io.onex.host.api.contract.SecretRef}, {@link Kind#TEXT_MAP} and
 * {@link Kind#SCALAR_MAP} a {@code Map<String, Object>}. A text value may also be written as a
 * secret reference, and then arrives as a {@code SecretRef}. A key named like a secret
 * ({@code password}, {@code token}, {@code secret}, {@code key}, ...) must be of kind
 * {@link Kind#SECRET}: the host refuses a factory whose schema breaks that rule.
 *
 * <p>Build one with {@link #builder()}:
 * <pre>{@code
 * ConfigSchema.builder()
 *         .requiredText("url", RedisUrl::check).doc("redis://host:port[/db]")
 *         .secret("password").doc("the AUTH password")
 *         .integer("timeout_ms", 2_000, 1).doc("per-command timeout")
 *         .build();
 * }</pre>
 */
public final class ConfigSchema {

    /** The kind of value a key holds. */
    public enum Kind {
        /** A string; may also be given as a secret reference. */
        TEXT,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** A whole number within the key's bounds. */
        INTEGER,
        /** One string of a closed set. */
        CHOICE,
        /** A secret reference, {@code { secret_ref: "..." }}; never plaintext. */
        SECRET,
        /** A flat mapping of names to strings or secret references. */
        TEXT_MAP,
        /** A flat mapping of names to scalars (string, number, boolean) or secret references. */
        SCALAR_MAP
    }

    /**
     * A check of a text value, run at load time; returns the problem, or empty when the text is fine.
     * It must not echo the value in its message when the value may carry a secret (a URL with a
     * password, say).
     */
    @FunctionalInterface
    public interface TextCheck {
        Optional<Violation> check(String text);
    }

    /**
     * One broken rule about a value.
     *
     * @param problem      what is wrong, completing "config.KEY ...", e.g. "must start with redis://"
     * @param validChoices the valid choices, if a closed set applies
     * @param fix          what to write instead
     */
    public record Violation(String problem, List<String> validChoices, String fix) {
        public Violation {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(fix, "fix");
            validChoices = List.copyOf(validChoices);
        }
    }

    /**
     * One key of the schema.
     *
     * @param name        the key as written in contracts (snake_case)
     * @param kind        the kind of value
     * @param required    whether a binding must set it
     * @param fallback    the default used when it is absent
     * @param min         the smallest allowed value of an {@link Kind#INTEGER}
     * @param max         the largest allowed value of an {@link Kind#INTEGER}
     * @param choices     the allowed values of a {@link Kind#CHOICE}
     * @param check       an extra check of a {@link Kind#TEXT} value
     * @param description what the key means, for documentation and JSON Schema; may be empty
     */
    public record Key(String name, Kind kind, boolean required, Optional<Object> fallback, long min, long max,
            List<String> choices, Optional<TextCheck> check, String description) {
        public Key {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(fallback, "fallback");
            Objects.requireNonNull(check, "check");
            Objects.requireNonNull(description, "description");
            choices = List.copyOf(choices);
        }

        Key withDescription(String text) {
            return new Key(name, kind, required, fallback, min, max, choices, check, text);
        }
    }

    private final List<Key> keys;

    private ConfigSchema(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    /** Returns a builder of a schema. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the schema with no keys: a binding may then set no {@code config} at all. */
    public static ConfigSchema empty() {
        return new ConfigSchema(List.of());
    }

    /** Returns every key, in documentation order. */
    public List<Key> keys() {
        return keys;
    }

    /** Returns the key with this name, if the schema has it. */
    public Optional<Key> key(String name) {
        return keys.stream().filter(key -> key.name().equals(name)).findFirst();
    }

    /** Builds a schema, one key at a time, in documentation order. Key names must be unique. */
    public static final class Builder {
        private final List<Key> keys = new ArrayList<>();
        private final Set<String> names = new HashSet<>();

        private Builder() {
        }

        private Builder add(String name, Kind kind, boolean required, Object fallback, long min, long max,
                List<String> choices, TextCheck check) {
            if (!names.add(Objects.requireNonNull(name, "name"))) {
                throw new IllegalArgumentException("config key '" + name + "' is declared twice");
            }
            keys.add(new Key(name, kind, required, Optional.ofNullable(fallback), min, max, choices,
                    Optional.ofNullable(check), ""));
            return this;
        }

        /** An optional text key; {@code fallback} may be null for no default. */
        public Builder text(String name, String fallback) {
            return add(name, Kind.TEXT, false, fallback, 0, 0, List.of(), null);
        }

        /** A text key every binding must set, checked by {@code check} (may be null). */
        public Builder requiredText(String name, TextCheck check) {
            return add(name, Kind.TEXT, true, null, 0, 0, List.of(), check);
        }

        /** An optional text key without a default, checked by {@code check} when set. */
        public Builder checkedText(String name, TextCheck check) {
            return add(name, Kind.TEXT, false, null, 0, 0, List.of(), Objects.requireNonNull(check, "check"));
        }

        /** An optional boolean key. */
        public Builder bool(String name, boolean fallback) {
            return add(name, Kind.BOOLEAN, false, fallback, 0, 0, List.of(), null);
        }

        /** An optional whole number of at least {@code min}; {@code fallback} may be null for no default. */
        public Builder integer(String name, Integer fallback, long min) {
            return integer(name, fallback, min, Integer.MAX_VALUE);
        }

        /** An optional whole number from {@code min} to {@code max}; {@code fallback} may be null. */
        public Builder integer(String name, Integer fallback, long min, long max) {
            if (min > max || min < Integer.MIN_VALUE || max > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("config key '" + name + "' has bounds " + min + ".." + max);
            }
            return add(name, Kind.INTEGER, false, fallback, min, max, List.of(), null);
        }

        /** An optional choice of one of {@code choices}; {@code fallback} may be null for no default. */
        public Builder choice(String name, String fallback, List<String> choices) {
            if (choices.isEmpty() || (fallback != null && !choices.contains(fallback))) {
                throw new IllegalArgumentException("config key '" + name + "' needs choices that hold its default");
            }
            return add(name, Kind.CHOICE, false, fallback, 0, 0, choices, null);
        }

        /** An optional secret: a {@code secret_ref}, never plaintext. */
        public Builder secret(String name) {
            return add(name, Kind.SECRET, false, null, 0, 0, List.of(), null);
        }

        /** An optional flat mapping of names to text or secret references. */
        public Builder textMap(String name) {
            return add(name, Kind.TEXT_MAP, false, null, 0, 0, List.of(), null);
        }

        /** An optional flat mapping of names to scalars or secret references. */
        public Builder scalarMap(String name, Map<String, Object> fallback) {
            return add(name, Kind.SCALAR_MAP, false, fallback == null ? null : Map.copyOf(fallback), 0, 0,
                    List.of(), null);
        }

        /** Describes the key added last, for documentation and JSON Schema. */
        public Builder doc(String description) {
            if (keys.isEmpty()) {
                throw new IllegalStateException("doc(...) describes the key added before it; add a key first");
            }
            keys.set(keys.size() - 1, keys.getLast().withDescription(Objects.requireNonNull(description)));
            return this;
        }

        /** Returns the schema. */
        public ConfigSchema build() {
            return new ConfigSchema(keys);
        }
    }
}
