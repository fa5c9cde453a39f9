package io.onex.handler.vault;

import io.onex.host.api.EnvelopeValidationException;
import io.onex.host.core.json.Utf8;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;


/** One request payload of the Vault handler, read and checked; a closed set, one per operation. */
sealed interface KvRequest {

    /** Returns the secret path, relative to the mount (empty only for a listing of the mount's root). */
    String path();

    /** {@code vault.get_secret}: a version, or the latest when none is given. */
    record Get(String path, OptionalInt version) implements KvRequest {
        public Get {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(version, "version");
        }
    }

    /** {@code vault.set_secret}: a new version with {@code data}, checked against {@code cas} if given. */
    record Put(String path, Map<String, Object> data, OptionalInt cas) implements KvRequest {
        public Put {
            Objects.requireNonNull(path, "path");
            data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
            Objects.requireNonNull(cas, "cas");
        }

        @Override
        public String toString() {
            return "Put[path=" + path + ", data=(" + data.size() + " keys), cas=" + cas + "]";
        }
    }

    /** {@code vault.delete_secret}: a soft delete of the latest version, or of the listed ones. */
    record Delete(String path, Optional<List<Integer>> versions) implements KvRequest {
        public Delete {
            Objects.requireNonNull(path, "path");
            versions = versions.map(List::copyOf);
        }
    }

    /** {@code vault.list_secrets}: the keys directly under a folder. */
    record ListKeys(String path) implements KvRequest {
        public ListKeys {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * Reads the payload of {@code operation}, one of the four Vault operations.
     *
     * @throws EnvelopeValidationException naming the field that is missing or malformed
     */
    static KvRequest read(String operation, Map<String, Object> payload) {
        return switch (operation) {
            case "vault.get_secret" -> {
                only(operation, payload, Set.of("path", "version"));
                yield new Get(path(operation, payload, false), whole(operation, payload, "version", 1));
            }
            case "vault.set_secret" -> {
                only(operation, payload, Set.of("path", "data", "cas"));
                yield new Put(path(operation, payload, false), data(operation, payload),
                        whole(operation, payload, "cas", 0));
            }
            case "vault.delete_secret" -> {
                only(operation, payload, Set.of("path", "versions"));
                yield new Delete(path(operation, payload, false), versions(operation, payload));
            }
            case "vault.list_secrets" -> {
                only(operation, payload, Set.of("path"));
                yield new ListKeys(path(operation, payload, true));
            }
            default -> throw new IllegalArgumentException(operation);
        };
    }

    private static void only(String operation, Map<String, Object> payload, Set<String> fields) {
        for (String key : payload.keySet()) {
            if (!fields.contains(key)) {
                throw invalid(operation, "payload field '" + key + "' is not one of " + new TreeSet<>(fields));
            }
        }
    }

    private static String path(String operation, Map<String, Object> payload, boolean folder) {
        Object value = payload.get("path");
        if (!(value instanceof String text)) {
            throw invalid(operation, "payload field 'path' is required: a secret path relative to the mount, e.g. app/db");
        }
        String path = folder && text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        if (folder && path.isEmpty() || SecretPath.isValid(path)) {
            return path;
        }
        throw invalid(operation, "payload field 'path' must be segments of letters, digits, '.', '_' or '-'"
                + " separated by '/', with no leading '/' and no '.' or '..' segment");
    }

    private static OptionalInt whole(String operation, Map<String, Object> payload, String field, int min) {
        Object value = payload.get(field);
        if (value == null) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(number(operation, field, value, min));
    }

    private static int number(String operation, String field, Object value, int min) {
        BigDecimal number = switch (value) {
            case Integer i -> BigDecimal.valueOf(i);
            case Long l -> BigDecimal.valueOf(l);
            case BigInteger b -> new BigDecimal(b);
            case BigDecimal d -> d;
            case null, default -> null;
        };
        if (number != null && number.signum() >= 0 && number.stripTrailingZeros().scale() <= 0
                && number.compareTo(BigDecimal.valueOf(min)) >= 0
                && number.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
            return number.intValueExact();
        }
        throw invalid(operation, "payload field '" + field + "' must be a whole number from " + min + " to "
                + Integer.MAX_VALUE);
    }

    private static Map<String, Object> data(String operation, Map<String, Object> payload) {
        if (!(payload.get("data") instanceof Map<?, ?> map) || map.isEmpty()) {
            throw invalid(operation, "payload field 'data' is required: a non-empty object of the secret's keys and values");
        }
        String problem = Utf8.surrogateProblem(map);
        if (problem != null) {
            throw invalid(operation, "payload field 'data' " + problem);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        map.forEach((key, value) -> data.put(String.valueOf(key), value));
        return data;
    }

    private static Optional<List<Integer>> versions(String operation, Map<String, Object> payload) {
        Object value = payload.get("versions");
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw invalid(operation, "payload field 'versions' must be a non-empty list of version numbers");
        }
        List<Integer> versions = new ArrayList<>(list.size());
        for (Object item : list) {
            versions.add(number(operation, "versions", item, 1));
        }
        return Optional.of(versions);
    }

    private static EnvelopeValidationException invalid(String operation, String message) {
        return new EnvelopeValidationException(operation + ": " + message);
    }
}
