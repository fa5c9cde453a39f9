package io.onex.testkit;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One mount of {@link VaultKvServer}'s key/value secrets engine, version 2: its secrets with
 * their versions, and the answers to its {@code data}, {@code metadata}, {@code delete},
 * {@code undelete} and {@code destroy} paths as Vault gives them. Not thread-safe: the server
 * calls it under its lock.
 */
final class VaultKvMount {

    private record Version(Map<String, Object> data, Instant createdTime, Instant deletionTime, boolean destroyed) {
        boolean readable() {
            return deletionTime == null && !destroyed;
        }

        Version deleted(Instant at) {
            return new Version(data, createdTime, at, destroyed);
        }
    }

    private static final class Secret {
        final TreeMap<Integer, Version> versions = new TreeMap<>();
        int currentVersion;
        Instant createdTime;
        Instant updatedTime;
    }

    private enum Operation { DELETE, UNDELETE, DESTROY }

    private final Map<String, Secret> secrets = new HashMap<>();

    /**
     * Returns the answer to {@code method} on {@code api} ({@code data}, {@code metadata}, ...) for
     * the secret {@code path} of this mount; {@code list} asks for the keys under it.
     */
    VaultAnswer answer(String api, String method, String path, String query, byte[] body, boolean list) {
        return switch (api) {
            case "data" -> data(method, path, query, body);
            case "metadata" -> list ? list(path) : metadata(method, path);
            case "delete" -> versions(method, path, body, Operation.DELETE);
            case "undelete" -> versions(method, path, body, Operation.UNDELETE);
            case "destroy" -> versions(method, path, body, Operation.DESTROY);
            default -> VaultAnswer.errors(404, "no handler for route '" + api + "'");
        };
    }

    private VaultAnswer data(String method, String path, String query, byte[] body) {
        if (path.isEmpty()) {
            return VaultAnswer.errors(404, "no secret path");
        }
        switch (method) {
            case "GET" -> {
                Secret secret = secrets.get(path);
                if (secret == null) {
                    return VaultAnswer.notFound();
                }
                int number = secret.currentVersion;
                String asked = parameter(query, "version");
                if (asked != null && !asked.equals("0")) {
                    try {
                        number = Integer.parseInt(asked);
                    } catch (NumberFormatException e) {
                        return VaultAnswer.errors(400, "invalid version: " + asked);
                    }
                }
                Version version = secret.versions.get(number);
                if (version == null || !version.readable()) {
                    return VaultAnswer.notFound();
                }
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("data", version.data());
                data.put("metadata", versionMetadata(version, number));
                return new VaultAnswer(200, Map.of("data", data));
            }
            case "POST", "PUT" -> {
                Object parsed = VaultJson.parse(new String(body, StandardCharsets.UTF_8));
                if (!(parsed instanceof Map<?, ?> request) || !(request.get("data") instanceof Map<?, ?> data)) {
                    return VaultAnswer.errors(400, "no data provided");
                }
                Secret secret = secrets.get(path);
                int current = secret == null ? 0 : secret.currentVersion;
                if (request.get("options") instanceof Map<?, ?> options && options.get("cas") instanceof BigDecimal cas) {
                    if (cas.intValue() != current) {
                        return VaultAnswer.errors(400, "check-and-set parameter did not match the current version");
                    }
                }
                Map<String, Object> copy = new LinkedHashMap<>();
                data.forEach((k, v) -> copy.put(String.valueOf(k), v));
                int number = put(path, copy);
                return new VaultAnswer(200, Map.of("data", versionMetadata(secrets.get(path).versions.get(number), number)));
            }
            case "DELETE" -> {
                Secret secret = secrets.get(path);
                if (secret != null) {
                    Version latest = secret.versions.get(secret.currentVersion);
                    if (latest != null && latest.readable()) {
                        secret.versions.put(secret.currentVersion, latest.deleted(Instant.now()));
                        secret.updatedTime = Instant.now();
                    }
                }
                return new VaultAnswer(204, null);
            }
            default -> {
                return VaultAnswer.errors(405, "unsupported operation");
            }
        }
    }

    private VaultAnswer versions(String method, String path, byte[] body, Operation operation) {
        if (!method.equals("POST") && !method.equals("PUT")) {
            return VaultAnswer.errors(405, "unsupported operation");
        }
        Object parsed = VaultJson.parse(new String(body, StandardCharsets.UTF_8));
        if (!(parsed instanceof Map<?, ?> request) || !(request.get("versions") instanceof List<?> numbers)
                || numbers.isEmpty()) {
            return VaultAnswer.errors(400, "no versions provided");
        }
        Secret secret = secrets.get(path);
        if (secret != null) {
            for (Object n : numbers) {
                if (!(n instanceof BigDecimal number)) {
                    return VaultAnswer.errors(400, "invalid version: " + n);
                }
                Version version = secret.versions.get(number.intValue());
                if (version == null) {
                    continue;
                }
                Version changed = switch (operation) {
                    case DELETE -> version.deletionTime() == null ? version.deleted(Instant.now()) : version;
                    case UNDELETE -> version.destroyed() ? version
                            : new Version(version.data(), version.createdTime(), null, false);
                    case DESTROY -> new Version(Map.of(), version.createdTime(), version.deletionTime(), true);
                };
                secret.versions.put(number.intValue(), changed);
            }
            secret.updatedTime = Instant.now();
        }
        return new VaultAnswer(204, null);
    }

    private VaultAnswer metadata(String method, String path) {
        switch (method) {
            case "GET" -> {
                Secret secret = secrets.get(path);
                if (secret == null) {
                    return VaultAnswer.notFound();
                }
                Map<String, Object> versions = new LinkedHashMap<>();
                secret.versions.forEach((number, version) -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("created_time", version.createdTime().toString());
                    entry.put("deletion_time", version.deletionTime() == null ? "" : version.deletionTime().toString());
                    entry.put("destroyed", version.destroyed());
                    versions.put(String.valueOf(number), entry);
                });
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("cas_required", false);
                data.put("created_time", secret.createdTime.toString());
                data.put("current_version", secret.currentVersion);
                data.put("custom_metadata", null);
                data.put("delete_version_after", "0s");
                data.put("max_versions", 0);
                data.put("oldest_version", secret.versions.firstKey());
                data.put("updated_time", secret.updatedTime.toString());
                data.put("versions", versions);
                return new VaultAnswer(200, Map.of("data", data));
            }
            case "DELETE" -> {
                secrets.remove(path);
                return new VaultAnswer(204, null);
            }
            default -> {
                return VaultAnswer.errors(405, "unsupported operation");
            }
        }
    }

    private VaultAnswer list(String path) {
        String prefix = path.isEmpty() ? "" : path + "/";
        TreeSet<String> keys = new TreeSet<>();
        for (String name : secrets.keySet()) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                String rest = name.substring(prefix.length());
                int slash = rest.indexOf('/');
                keys.add(slash < 0 ? rest : rest.substring(0, slash + 1));
            }
        }
        if (keys.isEmpty()) {
            return VaultAnswer.notFound();
        }
        return new VaultAnswer(200, Map.of("data", Map.of("keys", List.copyOf(keys))));
    }

    int put(String path, Map<String, Object> data) {
        Instant now = Instant.now();
        Secret secret = secrets.computeIfAbsent(path, p -> {
            Secret created = new Secret();
            created.createdTime = now;
            return created;
        });
        int number = secret.currentVersion + 1;
        secret.versions.put(number, new Version(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data)), now, null, false));
        secret.currentVersion = number;
        secret.updatedTime = now;
        return number;
    }

    private static Map<String, Object> versionMetadata(Version version, int number) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("created_time", version.createdTime().toString());
        metadata.put("custom_metadata", null);
        metadata.put("deletion_time", version.deletionTime() == null ? "" : version.deletionTime().toString());
        metadata.put("destroyed", version.destroyed());
        metadata.put("version", number);
        return metadata;
    }

    static String normalize(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static String parameter(String query, String name) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return pair.substring(eq + 1);
            }
        }
        return null;
    }
}
