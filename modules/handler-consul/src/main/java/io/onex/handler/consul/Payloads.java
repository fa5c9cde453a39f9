package io.onex.handler.consul;

import io.onex.host.api.EnvelopeValidationException;
import io.onex.host.core.json.Utf8;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks the fields of a request payload. Every refusal is an
 * {@link EnvelopeValidationException} that names the operation, the field and the rule, and
 * quotes no value: a payload may carry anything.
 */
final class Payloads {

    /**
     * Service names: letters, digits, {@code -}, {@code _} and {@code .}, starting with a letter
     * or digit. They go into URL paths, so nothing that would need escaping or could form a
     * {@code ..} segment is allowed; Consul recommends DNS-compatible names anyway.
     */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    /** Service IDs: as names, and {@code :} too (Consul's own IDs use it). */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
    /** Consul's rule for meta keys. */
    private static final Pattern META_KEY = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    /** A Go duration, as Consul reads {@code Interval}: {@code 10s}, {@code 1m30s}, {@code 500ms}. */
    private static final Pattern DURATION = Pattern.compile("([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+");
    private static final int MAX_META = 64;
    private static final int MAX_META_VALUE = 512;
    private static final int MAX_TEXT = 512;

    private final String operation;
    private final Map<String, Object> payload;

    private Payloads(String operation, Map<String, Object> payload) {
        this.operation = operation;
        this.payload = payload;
    }

    /** Returns the reader of {@code payload}, refusing any field outside {@code fields}. */
    static Payloads of(String operation, Map<String, Object> payload, Set<String> fields) {
        for (String key : payload.keySet()) {
            if (!fields.contains(key)) {
                throw new EnvelopeValidationException(operation + ": payload." + key + " is not a field of "
                        + operation + "; its fields are " + fields.stream().sorted().toList());
            }
        }
        String problem = Utf8.surrogateProblem(payload);
        if (problem != null) {
            throw new EnvelopeValidationException(operation + ": the payload " + problem);
        }
        return new Payloads(operation, payload);
    }

    /** Returns the required service name {@code field}. */
    String name(String field) {
        return optionalName(field).orElseThrow(() -> invalid(field, "is required"));
    }

    /** Returns the service name {@code field}, if present. */
    Optional<String> optionalName(String field) {
        return pattern(field, NAME, "a service name: 1 to 128 letters, digits, '-', '_' or '.',"
                + " starting with a letter or digit");
    }

    /** Returns the required service ID {@code field}. */
    String requiredId(String field) {
        return id(field).orElseThrow(() -> invalid(field, "is required"));
    }

    /** Returns the service ID {@code field}, if present. */
    Optional<String> id(String field) {
        return pattern(field, ID, "a service id: 1 to 128 letters, digits, '-', '_', '.' or ':',"
                + " starting with a letter or digit");
    }

    private Optional<String> pattern(String field, Pattern pattern, String rule) {
        Object value = payload.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String text && pattern.matcher(text).matches()) {
            return Optional.of(text);
        }
        throw invalid(field, "must be " + rule);
    }

    /** Returns the text {@code field} (non-blank, no whitespace, at most 512 chars), if present. */
    Optional<String> host(String field) {
        Object value = payload.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String text && !text.isEmpty() && text.length() <= MAX_TEXT
                && text.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return Optional.of(text);
        }
        throw invalid(field, "must be a host name or IP address without spaces, at most " + MAX_TEXT + " characters");
    }

    /** Returns the port {@code field}, a whole number from 0 to 65535, if present. */
    Optional<Integer> port(String field) {
        Object value = payload.get(field);
        if (value == null) {
            return Optional.empty();
        }
        BigDecimal number = switch (value) {
            case Integer i -> BigDecimal.valueOf(i);
            case Long l -> BigDecimal.valueOf(l);
            case BigInteger b -> new BigDecimal(b);
            case BigDecimal d -> d;
            default -> null;
        };
        if (number == null || number.signum() < 0 || number.compareTo(BigDecimal.valueOf(65535)) > 0
                || number.stripTrailingZeros().scale() > 0) {
            throw invalid(field, "must be a whole number from 0 to 65535");
        }
        return Optional.of(number.intValue());
    }

    /** Returns the boolean {@code field}, or {@code false}. */
    boolean flag(String field) {
        Object value = payload.getOrDefault(field, Boolean.FALSE);
        if (value instanceof Boolean b) {
            return b;
        }
        throw invalid(field, "must be true or false");
    }

    /** Returns the list of non-empty texts {@code field}, or an empty list. */
    List<String> tags(String field) {
        Object value = payload.get(field);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw invalid(field, "must be a list of texts");
        }
        List<String> tags = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String tag) || tag.isEmpty() || tag.length() > MAX_TEXT) {
                throw invalid(field + "[" + i + "]", "must be a non-empty text of at most " + MAX_TEXT + " characters");
            }
            tags.add(tag);
        }
        return tags;
    }

    /** Returns the map of text to text {@code field} under Consul's meta rules, or an empty map. */
    Map<String, String> meta(String field) {
        Object value = payload.get(field);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(field, "must be an object of text values");
        }
        if (map.size() > MAX_META) {
            throw invalid(field, "may hold at most " + MAX_META + " keys");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (!META_KEY.matcher(key).matches() || key.startsWith("consul-")) {
                throw invalid(field, "keys must be 1 to 128 letters, digits, '-' or '_', not starting with"
                        + " 'consul-'");
            }
            if (!(entry.getValue() instanceof String text) || text.length() > MAX_META_VALUE) {
                throw invalid(field + "." + key, "must be a text of at most " + MAX_META_VALUE + " characters");
            }
            meta.put(key, text);
        }
        return meta;
    }

    /**
     * Returns the check {@code field} as Consul's {@code Check} object, if present: exactly one of
     * {@code http} (a URL), {@code tcp} ({@code host:port}) or {@code ttl} (a duration), and
     * {@code interval} (a duration; required for http and tcp).
     */
    Optional<Map<String, Object>> check(String field) {
        Object value = payload.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Map<?, ?> check)) {
            throw invalid(field, "must be an object with one of http, tcp or ttl, and interval");
        }
        for (Object key : check.keySet()) {
            if (!Set.of("http", "tcp", "ttl", "interval").contains(String.valueOf(key))) {
                throw invalid(field + "." + key, "is not a check field; they are http, tcp, ttl and interval");
            }
        }
        List<String> kinds = Set.of("http", "tcp", "ttl").stream().filter(check::containsKey).sorted().toList();
        if (kinds.size() != 1) {
            throw invalid(field, "must have exactly one of http, tcp or ttl, not " + kinds);
        }
        String kind = kinds.getFirst();
        Object target = check.get(kind);
        boolean valid = switch (kind) {
            case "http" -> target instanceof String url && (url.startsWith("http://") || url.startsWith("https://"))
                    && url.length() <= MAX_TEXT && url.chars().noneMatch(Character::isWhitespace);
            case "tcp" -> target instanceof String address && address.matches("[^\\s:]+:[0-9]{1,5}");
            default -> target instanceof String ttl && DURATION.matcher(ttl).matches();
        };
        if (!valid) {
            throw invalid(field + "." + kind, switch (kind) {
                case "http" -> "must be an http:// or https:// URL";
                case "tcp" -> "must be host:port";
                default -> "must be a duration such as 30s";
            });
        }
        Object interval = check.get("interval");
        if (interval == null && !kind.equals("ttl")) {
            throw invalid(field + ".interval", "is required for an " + kind + " check");
        }
        if (interval != null && !(interval instanceof String text && DURATION.matcher(text).matches())) {
            throw invalid(field + ".interval", "must be a duration such as 10s, 1m or 500ms");
        }
        Map<String, Object> consul = new LinkedHashMap<>();
        consul.put(kind.toUpperCase(java.util.Locale.ROOT), target);
        if (interval != null) {
            consul.put("Interval", interval);
        }
        return Optional.of(consul);
    }

    private EnvelopeValidationException invalid(String field, String rule) {
        return new EnvelopeValidationException(operation + ": payload." + field + " " + rule);
    }
}
