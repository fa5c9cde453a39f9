package io.onex.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
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

    private final HttpFixture http;
    private final String rootToken;
    private final Object lock = new Object();
    // Guarded by lock.
    private final Map<String, Set<String>> scopedTokens = new HashMap<>();
    private final Map<String, VaultKvMount> mounts = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private boolean sealed;

    private VaultKvServer(HttpFixture http, String rootToken) {
        this.http = http;
        this.rootToken = rootToken;
        mounts.put("secret", new VaultKvMount());
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
            mounts.putIfAbsent(name, new VaultKvMount());
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
            VaultKvMount secrets = mounts.get(mount);
            if (secrets == null) {
                throw new IllegalArgumentException("no such mount: " + mount);
            }
            return secrets.put(VaultKvMount.normalize(path), new LinkedHashMap<>(data));
        }
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            byte[] body = HttpFixture.body(exchange, MAX_BODY);
            String token = HttpFixture.token(exchange, "X-Vault-Token");
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
            VaultAnswer injected = admission.failure().isPresent() ? VaultAnswer.errors(admission.failure().getAsInt(), "injected failure") : null;
            VaultAnswer answer;
            if (injected != null) {
                answer = injected;
            } else {
                try {
                    synchronized (lock) {
                        answer = answer(method, path, query, token, body);
                    }
                } catch (IllegalArgumentException e) {
                    answer = VaultAnswer.errors(400, "failed to parse JSON input: " + e.getMessage());
                }
            }
            send(exchange, answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away; nothing to answer.
        }
    }

    private static void send(HttpExchange exchange, VaultAnswer answer) throws IOException {
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

    private VaultAnswer answer(String method, String path, String query, String token, byte[] body) {
        if (path.equals("/v1/sys/health")) {
            Map<String, Object> health = new LinkedHashMap<>();
            health.put("initialized", true);
            health.put("sealed", sealed);
            health.put("standby", false);
            health.put("version", VERSION);
            return new VaultAnswer(sealed ? 503 : 200, health);
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
            return new VaultAnswer(200, status);
        }
        if (sealed) {
            return VaultAnswer.errors(503, "Vault is sealed");
        }
        if (!path.startsWith("/v1/")) {
            return VaultAnswer.errors(404, "no handler for route");
        }
        String api = path.substring(4);
        if (!permitted(token, api)) {
            return VaultAnswer.errors(403, "permission denied");
        }
        if (api.equals("sys/mounts") && method.equals("GET")) {
            return mounts();
        }
        String[] parts = api.split("/", 3);
        VaultKvMount mount = mounts.get(parts[0]);
        if (mount == null || parts.length < 2) {
            return VaultAnswer.errors(404, "no handler for route '" + api + "'");
        }
        String secretPath = parts.length == 3 ? VaultKvMount.normalize(parts[2]) : "";
        boolean list = method.equals("LIST") || (method.equals("GET") && query.contains("list=true"));
        return mount.answer(parts[1], method, secretPath, query, body, list);
    }

    private VaultAnswer mounts() {
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
        return new VaultAnswer(200, body);
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
