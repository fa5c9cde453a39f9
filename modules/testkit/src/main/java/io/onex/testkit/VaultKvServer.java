package io.onex.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A real HTTP server on a free loopback port that answers a subset of Vault's HTTP API: the
 * health, seal-status and mount-listing endpoints and the key/value secrets engine, version 2,
 * on the mount {@code secret} (and any mount added with {@link #mount(String)}): read, write
 * (with check-and-set), soft delete, undelete, destroy, list and metadata. Secrets live in
 * memory with their versions.
 *
 * <p>Requests carry a token in {@code X-Vault-Token} (or {@code Authorization: Bearer}); the root
 * token may do anything, a token added with {@link #addToken(String, Set)} only what lies under
 * one of its path prefixes, and any other token gets a 403. Tests inject faults: a seal
 * ({@link #seal()}), a delay on every answer ({@link #slow(Duration)}), failures
 * ({@link #failNext(int, int)}) and reset connections ({@link #resetConnections(boolean)}); the
 * server sits behind a {@link TcpProxy}, which is what resets connections. Every request is
 * logged on arrival ({@link #requests()}) without its token. Closing the server releases every
 * delayed request and stops every thread it started.
 */
public final class VaultKvServer implements AutoCloseable {

    /** The version the health endpoint reports. */
    public static final String VERSION = "1.15.0";

    /** The longest the request body read is; the rest is discarded. */
    private static final int MAX_BODY = 4 * 1024 * 1024;

    /**
     * One request as the server received it: no token value, only whether one was sent.
     *
     * @param method       the request method, e.g. {@code GET} or {@code LIST}
     * @param path         the decoded path, e.g. {@code /v1/secret/data/app}
     * @param query        the raw query without {@code ?}; empty when there is none
     * @param tokenPresent whether the request carried a token
     * @param arrivedAt    when it arrived
     */
    public record Request(String method, String path, String query, boolean tokenPresent, Instant arrivedAt) {
        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(arrivedAt, "arrivedAt");
        }
    }

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

    private record Answer(int status, Object body) {}

    private final HttpFixture http;
    private final String rootToken;
    private final Object lock = new Object();
    // Guarded by lock.
    private final Map<String, Set<String>> scopedTokens = new HashMap<>();
    private final Map<String, Map<String, Secret>> mounts = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private boolean sealed;

    private VaultKvServer(HttpFixture http, String rootToken) {
        this.http = http;
        this.rootToken = rootToken;
        mounts.put("secret", new HashMap<>());
    }

    /** Starts a server on a free port of 127.0.0.1 with a random root token. */
    public static VaultKvServer start() {
        return start("root-" + UUID.randomUUID());
    }

    /** Starts a server on a free port of 127.0.0.1 whose root token is {@code rootToken}. */
    public static VaultKvServer start(String rootToken) {
        Objects.requireNonNull(rootToken, "rootToken");
        if (rootToken.isBlank()) {
            throw new IllegalArgumentException("the root token is blank");
        }
        HttpFixture http = HttpFixture.listen();
        VaultKvServer vault = new VaultKvServer(http, rootToken);
        http.serve(vault::handle);
        return vault;
    }

    /** Returns the address clients use, {@code http://127.0.0.1:<port>}, with no trailing slash. */
    public String address() {
        return http.address();
    }

    /** Returns the port clients connect to. */
    public int port() {
        return http.port();
    }

    /** Returns the root token, which may do anything. */
    public String rootToken() {
        return rootToken;
    }

    /** Returns the proxy in front of the server, to drop, reset or blackhole every connection. */
    public TcpProxy proxy() {
        return http.proxy();
    }

    /**
     * Adds a token that may only use paths (after {@code /v1/}) starting with one of
     * {@code pathPrefixes}, e.g. {@code secret/data/app/} and {@code secret/metadata/app/}.
     * Returns this server.
     */
    public VaultKvServer addToken(String token, Set<String> pathPrefixes) {
        Objects.requireNonNull(token, "token");
        Set<String> prefixes = Set.copyOf(pathPrefixes);
        synchronized (lock) {
            scopedTokens.put(token, prefixes);
        }
        return this;
    }

    /** Adds an empty KV version 2 mount named {@code name} (no slashes); returns this server. */
    public VaultKvServer mount(String name) {
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("a mount name is one non-empty path segment: " + name);
        }
        synchronized (lock) {
            mounts.putIfAbsent(name, new HashMap<>());
        }
        return this;
    }

    /** Seals the server: health answers 503 with {@code sealed:true}, every other endpoint 503. */
    public void seal() {
        synchronized (lock) {
            sealed = true;
        }
    }

    /** Unseals the server. */
    public void unseal() {
        synchronized (lock) {
            sealed = false;
        }
    }

    /** Delays every answer by {@code delay} ({@link Duration#ZERO} for none); returns this server. */
    public VaultKvServer slow(Duration delay) {
        http.faults().slow(delay);
        return this;
    }

    /** Answers the next {@code count} requests with {@code status} and an error body; returns this server. */
    public VaultKvServer failNext(int count, int status) {
        http.faults().failNext(count, status);
        return this;
    }

    /** While {@code on}, resets the connection of every request instead of answering it; returns this server. */
    public VaultKvServer resetConnections(boolean on) {
        http.faults().resetConnections(on);
        return this;
    }

    /** Returns every request received so far, in order of arrival. */
    public List<Request> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    /** Forgets the recorded requests. */
    public void clearRequests() {
        synchronized (lock) {
            requests.clear();
        }
    }

    /** Writes a new version of {@code path} on {@code mount} directly, as a test set-up; returns its number. */
    public int put(String mount, String path, Map<String, ?> data) {
        synchronized (lock) {
            Map<String, Secret> secrets = mounts.get(mount);
            if (secrets == null) {
                throw new IllegalArgumentException("no such mount: " + mount);
            }
            return write(secrets, normalize(path), new LinkedHashMap<>(data));
        }
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY);
                in.transferTo(OutputStream.nullOutputStream());
            }
            String token = token(exchange);
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
            synchronized (lock) {
                requests.add(new Request(method, path, query, token != null, Instant.now()));
            }
            HttpFixture.Admission admission = http.admit(exchange);
            if (admission.dropped()) {
                return;
            }
            Answer injected = admission.failure().isPresent() ? errors(admission.failure().getAsInt(), "injected failure") : null;
            Answer answer;
            if (injected != null) {
                answer = injected;
            } else {
                try {
                    synchronized (lock) {
                        answer = answer(method, path, query, token, body);
                    }
                } catch (IllegalArgumentException e) {
                    answer = errors(400, "failed to parse JSON input: " + e.getMessage());
                }
            }
            send(exchange, answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away; nothing to answer.
        }
    }

    private static String token(HttpExchange exchange) {
        String token = exchange.getRequestHeaders().getFirst("X-Vault-Token");
        if (token != null && !token.isEmpty()) {
            return token;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String bearer = authorization.substring(7).trim();
            return bearer.isEmpty() ? null : bearer;
        }
        return null;
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        if (answer.body() == null) {
            exchange.sendResponseHeaders(answer.status(), -1);
            return;
        }
        byte[] bytes = VaultJson.write(answer.body()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    // Everything below runs under lock.

    private Answer answer(String method, String path, String query, String token, byte[] body) {
        if (path.equals("/v1/sys/health")) {
            Map<String, Object> health = new LinkedHashMap<>();
            health.put("initialized", true);
            health.put("sealed", sealed);
            health.put("standby", false);
            health.put("version", VERSION);
            return new Answer(sealed ? 503 : 200, health);
        }
        if (path.equals("/v1/sys/seal-status")) {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("type", "shamir");
            status.put("initialized", true);
            status.put("sealed", sealed);
            status.put("t", 1);
            status.put("n", 1);
            status.put("progress", 0);
            status.put("version", VERSION);
            return new Answer(200, status);
        }
        if (sealed) {
            return errors(503, "Vault is sealed");
        }
        if (!path.startsWith("/v1/")) {
            return errors(404, "no handler for route");
        }
        String api = path.substring(4);
        if (!permitted(token, api)) {
            return errors(403, "permission denied");
        }
        if (api.equals("sys/mounts") && method.equals("GET")) {
            return mounts();
        }
        String[] parts = api.split("/", 3);
        Map<String, Secret> secrets = mounts.get(parts[0]);
        if (secrets == null || parts.length < 2) {
            return errors(404, "no handler for route '" + api + "'");
        }
        String secretPath = parts.length == 3 ? normalize(parts[2]) : "";
        boolean list = method.equals("LIST") || (method.equals("GET") && query.contains("list=true"));
        return switch (parts[1]) {
            case "data" -> data(secrets, method, secretPath, query, body);
            case "metadata" -> list ? list(secrets, secretPath) : metadata(secrets, method, secretPath);
            case "delete" -> versions(secrets, method, secretPath, body, Operation.DELETE);
            case "undelete" -> versions(secrets, method, secretPath, body, Operation.UNDELETE);
            case "destroy" -> versions(secrets, method, secretPath, body, Operation.DESTROY);
            default -> errors(404, "no handler for route '" + api + "'");
        };
    }

    private Answer mounts() {
        Map<String, Object> data = new TreeMap<>();
        for (String name : mounts.keySet()) {
            Map<String, Object> mount = new LinkedHashMap<>();
            mount.put("type", "kv");
            mount.put("description", "key/value secret storage");
            mount.put("options", Map.of("version", "2"));
            data.put(name + "/", mount);
        }
        Map<String, Object> system = new LinkedHashMap<>();
        system.put("type", "system");
        system.put("description", "system endpoints");
        system.put("options", null);
        data.put("sys/", system);
        // Vault answers each mount both at the top level and under "data".
        Map<String, Object> body = new LinkedHashMap<>(data);
        body.put("data", data);
        return new Answer(200, body);
    }

    private boolean permitted(String token, String api) {
        if (token == null) {
            return false;
        }
        if (token.equals(rootToken)) {
            return true;
        }
        Set<String> prefixes = scopedTokens.get(token);
        return prefixes != null && prefixes.stream().anyMatch(api::startsWith);
    }

    private Answer data(Map<String, Secret> secrets, String method, String path, String query, byte[] body) {
        if (path.isEmpty()) {
            return errors(404, "no secret path");
        }
        switch (method) {
            case "GET" -> {
                Secret secret = secrets.get(path);
                if (secret == null) {
                    return notFound();
                }
                int number = secret.currentVersion;
                String asked = parameter(query, "version");
                if (asked != null && !asked.equals("0")) {
                    try {
                        number = Integer.parseInt(asked);
                    } catch (NumberFormatException e) {
                        return errors(400, "invalid version: " + asked);
                    }
                }
                Version version = secret.versions.get(number);
                if (version == null || !version.readable()) {
                    return notFound();
                }
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("data", version.data());
                data.put("metadata", versionMetadata(version, number));
                return new Answer(200, Map.of("data", data));
            }
            case "POST", "PUT" -> {
                Object parsed = VaultJson.parse(new String(body, StandardCharsets.UTF_8));
                if (!(parsed instanceof Map<?, ?> request) || !(request.get("data") instanceof Map<?, ?> data)) {
                    return errors(400, "no data provided");
                }
                Secret secret = secrets.get(path);
                int current = secret == null ? 0 : secret.currentVersion;
                if (request.get("options") instanceof Map<?, ?> options && options.get("cas") instanceof BigDecimal cas) {
                    if (cas.intValue() != current) {
                        return errors(400, "check-and-set parameter did not match the current version");
                    }
                }
                Map<String, Object> copy = new LinkedHashMap<>();
                data.forEach((k, v) -> copy.put(String.valueOf(k), v));
                int number = write(secrets, path, copy);
                return new Answer(200, Map.of("data", versionMetadata(secrets.get(path).versions.get(number), number)));
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
                return new Answer(204, null);
            }
            default -> {
                return errors(405, "unsupported operation");
            }
        }
    }

    private enum Operation { DELETE, UNDELETE, DESTROY }

    private Answer versions(Map<String, Secret> secrets, String method, String path, byte[] body, Operation operation) {
        if (!method.equals("POST") && !method.equals("PUT")) {
            return errors(405, "unsupported operation");
        }
        Object parsed = VaultJson.parse(new String(body, StandardCharsets.UTF_8));
        if (!(parsed instanceof Map<?, ?> request) || !(request.get("versions") instanceof List<?> numbers)
                || numbers.isEmpty()) {
            return errors(400, "no versions provided");
        }
        Secret secret = secrets.get(path);
        if (secret != null) {
            for (Object n : numbers) {
                if (!(n instanceof BigDecimal number)) {
                    return errors(400, "invalid version: " + n);
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
        return new Answer(204, null);
    }

    private Answer metadata(Map<String, Secret> secrets, String method, String path) {
        switch (method) {
            case "GET" -> {
                Secret secret = secrets.get(path);
                if (secret == null) {
                    return notFound();
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
                return new Answer(200, Map.of("data", data));
            }
            case "DELETE" -> {
                secrets.remove(path);
                return new Answer(204, null);
            }
            default -> {
                return errors(405, "unsupported operation");
            }
        }
    }

    private static Answer list(Map<String, Secret> secrets, String path) {
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
            return notFound();
        }
        return new Answer(200, Map.of("data", Map.of("keys", List.copyOf(keys))));
    }

    private static int write(Map<String, Secret> secrets, String path, Map<String, Object> data) {
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

    private static String normalize(String path) {
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

    private static Answer notFound() {
        return new Answer(404, Map.of("errors", List.of()));
    }

    private static Answer errors(int status, String message) {
        return new Answer(status, Map.of("errors", List.of(message)));
    }

    /** Releases every delayed request, stops the server and the proxy, and waits for their threads. */
    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "VaultKvServer[" + address() + "]";
    }
}
